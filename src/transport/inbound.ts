import type { SocketEvent } from '../../machines/types.js';
import type { ClassifiedFrame, ClassifiedMessage } from '../classify.js';
import type { HandshakeRuntime, StepMatcher } from '../handshake-steps.js';
import type { Redactor } from '../redact.js';

/** What every transport needs to turn a classified frame into `socket.message` events. */
export interface InboundPlan {
  /** `messages.autoReplies`' frames, rendered for this conversation, by rule index. */
  autoReplies: readonly string[];
  matchSteps: StepMatcher;
  redactor: Redactor;
  /** Takes the captures of a frame that answers a step (README "Config reference"). */
  handshake?: HandshakeRuntime;
}

/**
 * Reading, shared by the transports: one `socket.message` per message of the frame (one per item
 * with `itemsPath`), all stamped with the frame's arrival. An auto-reply goes out through `write`
 * at once, before the conversation sees its message: a protocol ping must not wait for the turn,
 * whatever state the conversation is in.
 */
export function reportFrame(
  frame: ClassifiedFrame,
  at: number,
  plan: InboundPlan,
  write: (frame: string) => void,
  report: (event: SocketEvent) => void,
): void {
  for (const message of frame.messages) {
    const reply = message.autoReply === undefined ? undefined : plan.autoReplies[message.autoReply];
    if (reply !== undefined) write(reply);
    const event = toSocketMessage(message, at, plan);
    // Captured before the conversation hears of the frame, so the next step renders with them.
    const missing = plan.handshake && event.steps?.length ? plan.handshake.capture(event.steps, message.json) : null;
    report(missing ? { type: 'socket.error', error: missing } : event);
    if (missing) return;
  }
}

/** What the conversation needs of a classified message; the error detail is quoted, so masked. */
function toSocketMessage(message: ClassifiedMessage, at: number, plan: InboundPlan): Extract<SocketEvent, { type: 'socket.message' }> {
  // An error frame never answers a step: during the handshake it ends the conversation (README "Config reference").
  const steps = message.class === 'error' ? [] : plan.matchSteps(message.json);
  const event: Extract<SocketEvent, { type: 'socket.message' }> = { type: 'socket.message', class: message.class, ready: message.ready, at, steps };
  if (message.text !== undefined) event.text = message.text;
  // An accepted message's JSON travels with it, for captures and frame expectations (README "Captures and more expectations").
  if (message.class === 'text') event.frame = message.json;
  if (message.order !== undefined) event.order = message.order;
  if (message.cards?.choices) event.choices = message.cards.choices;
  if (message.cards?.attachments) event.attachments = message.cards.attachments;
  if (message.detail !== undefined) event.detail = plan.redactor.redact(message.detail);
  return event;
}

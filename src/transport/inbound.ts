import type { SocketEvent } from '../../machines/types.js';
import type { ClassifiedFrame, ClassifiedMessage } from '../classify.js';
import type { StepMatcher } from '../handshake-steps.js';
import type { Redactor } from '../redact.js';

/** What every transport needs to turn a classified frame into `socket.message` events. */
export interface InboundPlan {
  /** `messages.autoReplies`' frames, rendered for this conversation, by rule index. */
  autoReplies: readonly string[];
  matchSteps: StepMatcher;
  redactor: Redactor;
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
    report(toSocketMessage(message, at, plan));
  }
}

/** What the conversation needs of a classified message; the error detail is quoted, so masked. */
function toSocketMessage(message: ClassifiedMessage, at: number, plan: InboundPlan): SocketEvent {
  const event: SocketEvent = { type: 'socket.message', class: message.class, ready: message.ready, at, steps: plan.matchSteps(message.json) };
  if (message.text !== undefined) event.text = message.text;
  // An accepted message's JSON travels with it, for captures and frame expectations (SPEC §10.1).
  if (message.class === 'text') event.frame = message.json;
  if (message.order !== undefined) event.order = message.order;
  if (message.cards?.choices) event.choices = message.cards.choices;
  if (message.cards?.attachments) event.attachments = message.cards.attachments;
  if (message.detail !== undefined) event.detail = plan.redactor.redact(message.detail);
  return event;
}

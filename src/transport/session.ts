import type { AnyEventObject, CallbackLogicFunction } from 'xstate';
import { realClock } from '../../machines/defaults.js';
import type { SocketCommand, SocketEvent } from '../../machines/types.js';
import type { ClassifiedFrame, ClassifiedMessage, ValueClassifier } from '../classify.js';
import { connectFailed, internalError, sendFailed } from '../errors.js';
import { createFraming, type Framing, type FramingPlan, type Piece } from './framing/index.js';
import { reportFrame, type InboundPlan } from './inbound.js';
import { createOutbound, type OutboundPlan } from './outbound.js';

/**
 * Everything a transport actor needs for one conversation, built once by the engine's plan
 * (`matchSteps`, `redactor` and `autoReplies` through {@link InboundPlan}).
 */
export interface SocketPlan extends OutboundPlan, InboundPlan {
  /** `connection.protocol`: which transport speaks to the agent. @default 'json' */
  protocol: 'json' | 'socket.io';
  /** socket.io only: the Engine.IO path. */
  socketioPath: string;
  url: string;
  /** Handshake headers, Authorization included, already rendered. */
  headers: Record<string, string>;
  /** Offered as Sec-WebSocket-Protocol. */
  subprotocols?: string[];
  /** The rendered Initialization JSON, sent once the connection (and the framing's handshake) is open. */
  init: string | null;
  /** `connection.framing`, `binaryFrames` and `codec` (SPEC §14.1). */
  framing: FramingPlan;
  /** Classifies each message the framing reads. */
  classify: ValueClassifier;
  /** Ping period (and keepaliveMessage period); 0 turns keepalive off. */
  keepaliveMs: number;
  /** Largest inbound frame accepted, in bytes. */
  maxPayload: number;
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
  /** Sees every inbound frame with its classified messages (probe and trace use it). */
  onFrame?: (frame: ClassifiedFrame, data: string | Buffer, isBinary: boolean) => void;
  /** The conversation's clock, which stamps each frame as it is delivered. @default the real clock */
  now?: () => number;
}

/** What one transport library provides to the shared session. */
export interface Wire {
  /** Sends one encoded frame, if the connection is open. */
  send(frame: string | Uint8Array): void;
  /** Starts a polite close: asked by the conversation, or after the agent closed inside the framing. */
  close(): void;
  /** The actor is stopping: let go of everything at once. */
  dispose(): void;
}

/** The session as a transport sees it while it connects and reads. */
export interface Session {
  readonly plan: SocketPlan;
  /** The conversation asked to close: whatever ends the connection now is a normal close. */
  readonly closing: boolean;
  /** Nothing more is reported (the connection closed, failed, or the actor stopped). */
  readonly done: boolean;
  /** Reports to the conversation; a closed or error event is the last one. */
  report(event: SocketEvent): void;
  /** The connection is open: the framing's handshake goes out, then the conversation starts. */
  connected(subprotocol?: string): void;
  /** One inbound frame: through the framing, classified, reported. */
  received(data: string | Buffer, isBinary: boolean): void;
  /** Also runs when the session finishes (a transport's own timers). */
  onFinish(stop: () => void): void;
}

/** What ends a socket once we asked for the close. */
export const CLIENT_CLOSE: SocketEvent = Object.freeze({ type: 'socket.closed', code: 1000, reason: 'closed by client' });

/**
 * The skeleton both transport actors share: reporting (once, finishing on close or error),
 * sending through the framing and the outbound queue, reading through the framing and the
 * classifier, the framing's own handshake and close, and the conversation's commands. `connect`
 * opens the library's connection and wires its events to the session; it returns null when it
 * failed at once (after reporting why).
 */
export function runSession(
  { input: plan, sendBack, receive }: Parameters<CallbackLogicFunction<SocketCommand, AnyEventObject, SocketPlan>>[0],
  connect: (session: Session) => Wire | null,
): () => void {
  let done = false;
  let closing = false;
  let wire: Wire | null = null;
  const finishers: Array<() => void> = [];
  const now = plan.now ?? realClock;
  const report = (event: SocketEvent) => {
    if (done) return;
    if (closing && event.type === 'socket.error') event = CLIENT_CLOSE;
    if (event.type === 'socket.closed' || event.type === 'socket.error') finish();
    sendBack(event);
  };
  const finish = () => {
    done = true;
    for (const stop of finishers) stop();
  };
  let framing: Framing;
  try {
    framing = createFraming(plan.framing);
  } catch (error) {
    report({ type: 'socket.error', error: internalError(error) });
    return () => undefined;
  }
  const write = (json: string) => {
    if (done) return;
    let frame: string | Uint8Array;
    try {
      frame = framing.write(json);
    } catch (error) {
      report({ type: 'socket.error', error: sendFailed(plan.redactor.redact(error instanceof Error ? error.message : String(error))) });
      wire?.close();
      return;
    }
    wire?.send(frame);
  };
  const outbound = createOutbound(plan, write, (error) => report({ type: 'socket.error', error }));
  finishers.push(() => outbound.stop());
  let subprotocol: string | undefined;
  const start = () => {
    if (plan.init !== null) write(plan.init);
    outbound.opened();
    report(subprotocol ? { type: 'socket.open', subprotocol } : { type: 'socket.open' });
  };
  const apply = (piece: Piece, classified: ClassifiedFrame | undefined, at: number) => {
    if (classified) return reportFrame(classified, at, plan, write, report);
    if (piece.kind === 'send') return wire?.send(piece.frame);
    if (piece.kind === 'open') return start();
    if (piece.kind === 'close') {
      report({ type: 'socket.closed', code: piece.code, reason: plan.redactor.redact(piece.reason) });
      return wire?.close();
    }
    if (piece.kind === 'fail') {
      report({ type: 'socket.error', error: connectFailed(plan.redactor.redact(piece.detail), plan.redactor.redact(plan.url)) });
      return wire?.close();
    }
  };
  const session: Session = {
    plan,
    get closing() {
      return closing;
    },
    get done() {
      return done;
    },
    report,
    connected(picked) {
      subprotocol = picked;
      if (framing.hello === null) return start();
      wire?.send(framing.hello);
    },
    received(data, isBinary) {
      if (done) return;
      // Stamped first: the framing, classifying, the onFrame hook and the machine's own work never shift it.
      const at = now();
      const pieces = framing.read(data, isBinary);
      const classified = pieces.map((piece) => classifyPiece(piece, plan.classify));
      plan.onFrame?.(asOneFrame(classified), data, isBinary);
      pieces.forEach((piece, index) => !done && apply(piece, classified[index], at));
    },
    onFinish(stop) {
      finishers.push(stop);
    },
  };
  wire = connect(session);

  receive((command) => {
    if (command.type === 'socket.send') return outbound.user(command.text, command.seq);
    if (command.type === 'socket.step') return outbound.step(command.index);
    closing = true;
    wire?.close();
  });

  return () => {
    finish();
    wire?.dispose();
  };
}

/** A message piece classified, or a drop as its one message; the framing's signals are neither. */
function classifyPiece(piece: Piece, classify: ValueClassifier): ClassifiedFrame | undefined {
  if (piece.kind === 'message') return classify(piece.value);
  if (piece.kind !== 'drop') return undefined;
  const message: ClassifiedMessage = { class: piece.class, ready: false };
  if (piece.raw !== undefined) message.json = piece.raw;
  if (piece.detail !== undefined) message.detail = piece.detail;
  return { messages: [message], split: false };
}

/**
 * What the probe sees of one socket frame: its messages in order. A frame the framing read as
 * several messages is shown message by message, as a frame split at `itemsPath` is.
 */
function asOneFrame(parts: ReadonlyArray<ClassifiedFrame | undefined>): ClassifiedFrame {
  const frames = parts.filter((part): part is ClassifiedFrame => part !== undefined);
  if (frames.length === 1) return frames[0]!;
  return { messages: frames.flatMap((frame) => frame.messages), split: true };
}

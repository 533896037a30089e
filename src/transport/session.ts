import type { AnyEventObject, CallbackLogicFunction } from 'xstate';
import { realClock } from '../../machines/defaults.js';
import type { SocketCommand, SocketEvent } from '../../machines/types.js';
import type { ClassifiedFrame, ClassifiedMessage, ValueClassifier } from '../classify.js';
import { connectFailed, internalError, sendFailed } from '../errors.js';
import { createFraming, type Framing, type FramingPlan, type Piece } from './framing/index.js';
import { reportFrame, type InboundPlan } from './inbound.js';
import { createOutbound, type Outbound, type OutboundPlan } from './outbound.js';

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
  /** `connection.framing`, `binaryFrames` and `codec` (README "Frame formats"). */
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

type ActorArgs = Parameters<CallbackLogicFunction<SocketCommand, AnyEventObject, SocketPlan>>[0];

/**
 * The skeleton both transport actors share: `connect` opens the library's connection and wires
 * its events to the session (returning null when it failed at once, after reporting why); the
 * session does the rest — reporting, the framing both ways, the outbound queue, the framing's own
 * handshake and close, and the conversation's commands.
 */
export function runSession({ input: plan, sendBack, receive }: ActorArgs, connect: (session: Session) => Wire | null): () => void {
  let framing: Framing;
  try {
    framing = createFraming(plan.framing);
  } catch (error) {
    sendBack({ type: 'socket.error', error: internalError(error) });
    return () => undefined;
  }
  const session = new TransportSession(plan, framing, sendBack);
  session.wire = connect(session);
  receive((command) => session.command(command));
  return () => session.stop();
}

class TransportSession implements Session {
  wire: Wire | null = null;
  closing = false;
  private done = false;
  private subprotocol: string | undefined;
  private readonly finishers: Array<() => void> = [];
  private readonly now: () => number;
  private readonly outbound: Outbound;

  constructor(
    readonly plan: SocketPlan,
    private readonly framing: Framing,
    private readonly sendBack: (event: SocketEvent) => void,
  ) {
    this.now = plan.now ?? realClock;
    this.outbound = createOutbound(plan, this.write, (error) => this.report({ type: 'socket.error', error }));
    this.finishers.push(() => this.outbound.stop());
  }

  readonly report = (event: SocketEvent): void => {
    if (this.done) return;
    if (this.closing && event.type === 'socket.error') event = CLIENT_CLOSE;
    if (event.type === 'socket.closed' || event.type === 'socket.error') this.finish();
    this.sendBack(event);
  };

  connected(subprotocol?: string): void {
    this.subprotocol = subprotocol;
    if (this.framing.hello === null) this.start();
    else this.wire?.send(this.framing.hello);
  }

  received(data: string | Buffer, isBinary: boolean): void {
    if (this.done) return;
    // Stamped first: the framing, classifying, the onFrame hook and the machine's own work never shift it.
    const at = this.now();
    const pieces = this.framing.read(data, isBinary);
    const classified = pieces.map((piece) => classifyPiece(piece, this.plan.classify));
    this.plan.onFrame?.(asOneFrame(classified), data, isBinary);
    pieces.forEach((piece, index) => !this.done && this.apply(piece, classified[index], at));
  }

  onFinish(stop: () => void): void {
    this.finishers.push(stop);
  }

  command(command: SocketCommand): void {
    if (command.type === 'socket.send') return this.outbound.user(command.text, command.seq, command.click);
    if (command.type === 'socket.step') return this.outbound.step(command.index);
    this.closing = true;
    this.wire?.close();
  }

  stop(): void {
    this.finish();
    this.wire?.dispose();
  }

  /** Sends one rendered JSON text through the framing; a frame it cannot write is `send-failed`. */
  private readonly write = (json: string): void => {
    if (this.done) return;
    let frame: string | Uint8Array;
    try {
      frame = this.framing.write(json);
    } catch (error) {
      this.report({ type: 'socket.error', error: sendFailed(this.plan.redactor.redact(error instanceof Error ? error.message : String(error))) });
      this.wire?.close();
      return;
    }
    this.wire?.send(frame);
  };

  /** The conversation starts: init, the keepalive message, then `socket.open`. */
  private start(): void {
    if (this.plan.init !== null) this.write(this.plan.init);
    this.outbound.opened();
    this.report(this.subprotocol ? { type: 'socket.open', subprotocol: this.subprotocol } : { type: 'socket.open' });
  }

  private apply(piece: Piece, classified: ClassifiedFrame | undefined, at: number): void {
    const { plan } = this;
    if (classified) return reportFrame(classified, at, plan, this.write, this.report);
    if (piece.kind === 'send') return this.wire?.send(piece.frame);
    if (piece.kind === 'open') return this.start();
    if (piece.kind === 'close') this.report({ type: 'socket.closed', code: piece.code, reason: plan.redactor.redact(piece.reason) });
    if (piece.kind === 'fail') this.report({ type: 'socket.error', error: connectFailed(plan.redactor.redact(piece.detail), plan.redactor.redact(plan.url)) });
    this.wire?.close();
  }

  private finish(): void {
    this.done = true;
    for (const stop of this.finishers) stop();
  }
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

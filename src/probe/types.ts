import type { AgentTurn, InboundClass } from '../../machines/types.js';
import type { AgentConfig, JsonValue } from '../config/types.js';
import type { ErrorInfo } from '../errors.js';

/** Where in the probe a frame arrived. */
export type ProbePhase = 'handshake' | 'opening' | 'reply' | 'after';

/** One inbound message as the probe saw it: a frame, or one item of a frame's list (`itemsPath`). */
export interface FrameRecord {
  /** The frame's number, from 1, in arrival order (items of one frame share it). */
  index: number;
  /** With `itemsPath`: the item's place in the frame's list (from 0) and the list's length. */
  item?: { index: number; of: number };
  /** The whole frame's JSON after `decode` (the same as `json` unless the frame was split). */
  frameJson: unknown;
  /** Epoch ms, on the engine's clock (so it compares with turn times). */
  at: number;
  phase: ProbePhase;
  /** Its class (README "How replies are read"), `ready` included. */
  cls: InboundClass;
  /** The message's JSON (after `decode`), when it was JSON. */
  json: unknown;
  /** `error`: what the agent said went wrong. */
  detail?: string;
  /** The frame as text, secrets masked (a placeholder for binary frames). */
  shown: string;
  /** The accepted text, for `text` frames. */
  text?: string;
}

/** Where the probe stopped, when it did not get a reply. */
export type ProbeStage = 'setup' | 'connect' | 'handshake' | 'reply';

/** Everything the advice is worked out from. */
export interface ProbeObservations {
  config: AgentConfig;
  /** The user message sent. */
  message: string;
  /** The message as it went on the wire, secrets masked (null if it was never sent). */
  sentFrame: string | null;
  frames: FrameRecord[];
  /** The first error, and the stage it ended. */
  error: ErrorInfo | null;
  failedStage: ProbeStage | null;
  /** When the message was sent (epoch ms), if it was. */
  sentAt: number | null;
  reply: AgentTurn | null;
  /** The agent's opening turn, when it had one before the message went out. */
  opening: AgentTurn | null;
  /** The http-first setup response's JSON body (shown masked). */
  setupBody: JsonValue | null;
  /** How long the probe listened after the reply for late frames (ms). */
  lateWindowMs: number;
  /** Masks secrets in any text the advice quotes. */
  redact: (text: string) => string;
}

/** Whether the probe counts as having got a reply (exit 0). */
export function gotReply(observations: Pick<ProbeObservations, 'reply'>): boolean {
  const { reply } = observations;
  return reply !== null && !reply.timedOut && reply.text !== '';
}

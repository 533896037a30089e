import type { AgentTurn, InboundClass } from '../../machines/types.js';
import type { AgentConfig } from '../config/types.js';
import type { ErrorInfo } from '../errors.js';

/** Where in the probe a frame arrived. */
export type ProbePhase = 'handshake' | 'opening' | 'reply' | 'after';

/** One inbound frame as the probe saw it. */
export interface FrameRecord {
  /** From 1, in arrival order. */
  index: number;
  /** Epoch ms, on the engine's clock (so it compares with turn times). */
  at: number;
  phase: ProbePhase;
  /** Its class (SPEC §2), `ready` included. */
  cls: InboundClass;
  /** The parsed JSON, when it was JSON. */
  json: unknown;
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

import { realClock } from '../../machines/defaults.js';
import type { InboundClass } from '../../machines/types.js';
import type { ClassifiedFrame, ClassifiedMessage } from '../classify.js';
import type { StepMatcher } from '../handshake-steps.js';
import type { FrameRecord, ProbePhase } from './types.js';

/** The engine's clock (machines/defaults.ts), so frame times compare with turn times. */
export const engineNow = realClock;

/**
 * Records every inbound frame with its class as the conversation sees it: a frame that matches
 * readyType while the handshake is awaited is `ready` (README "How replies are read", rule 3), whatever else it is.
 */
export class FrameRecorder {
  readonly frames: FrameRecord[] = [];
  phase: ProbePhase = 'handshake';
  #awaitingReady: boolean;
  #handshaking = true;

  /** `matchSteps`: frames answering a handshake step's await are `ready` too (README "Connecting to your agent"). */
  constructor(
    awaitsReady: boolean,
    private readonly redact: (text: string) => string,
    private readonly onRecord: (frame: FrameRecord) => void,
    private readonly matchSteps: StepMatcher = () => [],
  ) {
    this.#awaitingReady = awaitsReady;
  }

  /** The handshake is over (connected): later ready-typed frames are ordinary frames. */
  handshakeDone(): void {
    this.#awaitingReady = false;
    this.#handshaking = false;
  }

  /** For `connect()`'s `onFrame`: one record per message (per item of a split frame). */
  readonly onFrame = (frame: ClassifiedFrame, data: string | Buffer, isBinary: boolean): void => {
    const index = (this.frames.at(-1)?.index ?? 0) + 1;
    const at = engineNow();
    const whole = isBinary ? `<binary frame, ${byteLength(data)} bytes>` : this.redact(asText(data));
    frame.messages.forEach((message, position) => {
      const record: FrameRecord = {
        index,
        at,
        phase: this.phase,
        cls: this.#classOf(message),
        json: message.json,
        frameJson: frame.json,
        shown: frame.split ? this.redact(JSON.stringify(message.json) ?? '') : whole,
        ...(frame.split ? { item: { index: position, of: frame.messages.length } } : {}),
        ...(message.text === undefined ? {} : { text: message.text }),
        ...(message.detail === undefined ? {} : { detail: this.redact(message.detail) }),
      };
      this.frames.push(record);
      this.onRecord(record);
    });
  };

  #classOf(message: ClassifiedMessage): InboundClass {
    // An error frame never answers a step (the engine ends the handshake on it).
    if (this.#handshaking && message.class !== 'error' && this.matchSteps(message.json).length > 0) return 'ready';
    if (this.#awaitingReady && message.ready) {
      this.#awaitingReady = false;
      return 'ready';
    }
    return message.class;
  }
}

function asText(data: string | Buffer): string {
  return typeof data === 'string' ? data : data.toString('utf8');
}

function byteLength(data: string | Buffer): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

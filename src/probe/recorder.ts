import { realClock } from '../../machines/defaults.js';
import type { InboundClass } from '../../machines/types.js';
import type { ClassifiedFrame } from '../classify.js';
import type { StepMatcher } from '../handshake-steps.js';
import type { FrameRecord, ProbePhase } from './types.js';

/** The engine's clock (machines/defaults.ts), so frame times compare with turn times. */
export const engineNow = realClock;

/**
 * Records every inbound frame with its class as the conversation sees it: a frame that matches
 * readyType while the handshake is awaited is `ready` (SPEC §2, rule 3), whatever else it is.
 */
export class FrameRecorder {
  readonly frames: FrameRecord[] = [];
  phase: ProbePhase = 'handshake';
  #awaitingReady: boolean;
  #handshaking = true;

  /** `matchSteps`: frames answering a handshake step's await are `ready` too (SPEC §9.1). */
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

  /** For `connect()`'s `onFrame`. */
  readonly onFrame = (frame: ClassifiedFrame, data: string | Buffer, isBinary: boolean): void => {
    const record: FrameRecord = {
      index: this.frames.length + 1,
      at: engineNow(),
      phase: this.phase,
      cls: this.#classOf(frame),
      json: frame.json,
      shown: isBinary ? `<binary frame, ${byteLength(data)} bytes>` : this.redact(asText(data)),
      ...(frame.text === undefined ? {} : { text: frame.text }),
    };
    this.frames.push(record);
    this.onRecord(record);
  };

  #classOf(frame: ClassifiedFrame): InboundClass {
    if (this.#handshaking && this.matchSteps(frame.json).length > 0) return 'ready';
    if (this.#awaitingReady && frame.ready) {
      this.#awaitingReady = false;
      return 'ready';
    }
    return frame.class;
  }
}

function asText(data: string | Buffer): string {
  return typeof data === 'string' ? data : data.toString('utf8');
}

function byteLength(data: string | Buffer): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

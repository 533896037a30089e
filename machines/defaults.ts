/**
 * The one source of the engine's starting values: the real clock, no drops, no timings. Functions
 * return fresh objects, so a caller that counts into one never changes another's.
 */
import { DROP_CLASSES, type DropCounts, type ErrorInfo, type SimulationResult, type Timings } from './types.js';

/** Epoch ms with sub-ms precision, monotonic within the process (unlike `Date.now()`). */
export const realClock = (): number => performance.timeOrigin + performance.now();

const NO_DROPS = Object.freeze(Object.fromEntries(DROP_CLASSES.map((cls) => [cls, 0])) as DropCounts);
/** A copy of one fixed-shape object: every conversation starts with one, so it is not rebuilt from the list each time. */
export const emptyDrops = (): DropCounts => ({ ...NO_DROPS });

export const emptyTimings = (): Timings => ({ setupMs: null, connectMs: null, handshakeMs: null });

/**
 * The `error` result of a simulation that produced none of its own (it crashed, or its queue
 * worker never reported): no transcript, no timings, `startedAt` to `now` as its duration.
 */
export function errorResult(
  which: Pick<SimulationResult, 'caseId' | 'iteration'>,
  error: ErrorInfo,
  startedAt: number,
  now: number,
): SimulationResult {
  return {
    caseId: which.caseId,
    iteration: which.iteration,
    verdict: 'error',
    error,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.max(0, Math.round(now - startedAt)),
    timings: emptyTimings(),
    transcript: [],
    expectations: [],
    dropped: emptyDrops(),
  };
}

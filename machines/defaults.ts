/**
 * The one source of the engine's starting values: the real clock, no drops, no timings. Functions
 * return fresh objects, so a caller that counts into one never changes another's.
 */
import type { DropCounts, Timings } from './types.js';

/** Epoch ms with sub-ms precision, monotonic within the process (unlike `Date.now()`). */
export const realClock = (): number => performance.timeOrigin + performance.now();

export const emptyDrops = (): DropCounts => ({ binary: 0, invalidJson: 0, direction: 0, type: 0, noText: 0 });

export const emptyTimings = (): Timings => ({ setupMs: null, connectMs: null, handshakeMs: null });

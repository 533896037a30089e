/**
 * The one source of the engine's starting values: the real clock, no drops, no timings. Functions
 * return fresh objects, so a caller that counts into one never changes another's.
 */
import { DROP_CLASSES, type DropCounts, type Timings } from './types.js';

/** Epoch ms with sub-ms precision, monotonic within the process (unlike `Date.now()`). */
export const realClock = (): number => performance.timeOrigin + performance.now();

export const emptyDrops = (): DropCounts => Object.fromEntries(DROP_CLASSES.map((cls) => [cls, 0])) as DropCounts;

export const emptyTimings = (): Timings => ({ setupMs: null, connectMs: null, handshakeMs: null });

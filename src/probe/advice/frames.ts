import { compilePath } from '../../paths.js';
import { byCount } from '../candidates.js';
import type { FrameRecord, ProbeObservations } from '../types.js';

/** The JSON of frames that were JSON. */
export function jsonOf(frames: readonly FrameRecord[]): unknown[] {
  return frames.filter((frame) => frame.json !== undefined).map((frame) => frame.json);
}

/** Values at `typePath` of these frames, counted (frames without a string there are left out). */
export function typeValues(observations: ProbeObservations, frames: readonly FrameRecord[]): Array<{ value: string; count: number }> {
  const typeOf = compilePath(observations.config.messages.typePath);
  const counts = new Map<string, number>();
  for (const frame of frames) {
    const type = typeOf(frame.json);
    if (typeof type === 'string') counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return byCount(counts);
}

/** `[message, bot_message]`, as a YAML list is written. */
export function yamlList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

/** `1 frame` / `3 frames`. */
export function frameCount(count: number): string {
  return count === 1 ? '1 frame' : `${count} frames`;
}

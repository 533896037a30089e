import type { ProbeObservations } from '../types.js';
import { frameCount } from './frames.js';

/** Frames Parley cannot read at all. */
export function formatAdvice(observations: ProbeObservations): string[] {
  // Empty frames are keepalives (Direct Line sends them): dropped, and rightly.
  const invalid = observations.frames.filter((frame) => frame.cls === 'invalidJson' && frame.shown.trim() !== '');
  const binary = observations.frames.filter((frame) => frame.cls === 'binary');
  const advice: string[] = [];
  if (invalid.length > 0) {
    advice.push(`${frameCount(invalid.length)} were not JSON (e.g. ${JSON.stringify(invalid[0]!.shown.slice(0, 40))}) and were dropped: Parley reads JSON text frames only.`);
  }
  if (binary.length > 0) advice.push(`${frameCount(binary.length)} were binary and were dropped: Parley reads JSON text frames only.`);
  return advice;
}

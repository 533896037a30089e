import { formatMs } from '../../report/format.js';
import type { ProbeObservations } from '../types.js';

/** Rounds a suggested quiet period up to half seconds, with a margin over the longest pause seen. */
export function suggestedCoalesceSeconds(longestGapMs: number): number {
  return Math.ceil((longestGapMs / 1000 + 0.25) * 2) / 2;
}

/**
 * Text that arrived after the reply was delivered: in a run it would join the next reply. The
 * pause before it tells how long the quiet period should be.
 */
export function lateAdvice(observations: ProbeObservations): string[] {
  const { reply, frames, config } = observations;
  if (!reply || reply.timedOut) return [];
  const texts = frames.filter((frame) => frame.cls === 'text');
  const late = texts.filter((frame) => frame.at > reply.deliveredAt);
  if (late.length === 0) return [];
  const onTime = texts.filter((frame) => frame.at <= reply.deliveredAt);
  let previous = onTime.at(-1)?.at ?? reply.at;
  let longestGap = 0;
  for (const frame of late) {
    longestGap = Math.max(longestGap, frame.at - previous);
    previous = frame.at;
  }
  const first = late[0]!;
  const what = late.length === 1 ? '1 message' : `${late.length} messages`;
  const suggestion = Math.max(suggestedCoalesceSeconds(longestGap), config.coalesceSeconds + 0.5);
  return [
    `${what} arrived after the reply was delivered, the first ${formatMs(first.at - reply.deliveredAt)} after it ` +
      `(${JSON.stringify(first.text ?? '')}). The agent paused up to ${formatMs(longestGap)} between messages, longer than ` +
      `coalesceSeconds (${config.coalesceSeconds} s), so in a run this text would join the next reply.\n` +
      `Set coalesceSeconds: ${suggestion}.`,
  ];
}

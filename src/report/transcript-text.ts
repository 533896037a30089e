import type { SimulationResult } from '../../machines/types.js';
import { formatMs } from './format.js';

/**
 * A whole conversation as plain text, nothing cut: what JUnit's `<system-out>` and the step
 * summary show. Each turn on its own line (later lines of a multi-line text indented), replies
 * with their latency, then the timings and drop counts.
 */
export function transcriptText(result: SimulationResult, redact: (text: string) => string): string {
  const lines = result.transcript.map((entry) => {
    const text = redact(entry.text).replace(/\r?\n/g, '\n       ');
    if (entry.role === 'user') return `user:  ${text}`;
    const notes = [
      entry.latencyMs === undefined ? null : formatMs(entry.latencyMs),
      entry.messages.length > 1 ? `${entry.messages.length} messages` : null,
      entry.timedOut ? 'timed out' : null,
      entry.truncated ? 'truncated' : null,
    ].filter(Boolean);
    return `agent: ${entry.timedOut && entry.text === '' ? '(no reply)' : text}${notes.length > 0 ? `  [${notes.join(', ')}]` : ''}`;
  });
  const { setupMs, connectMs, handshakeMs } = result.timings;
  const timings = [
    setupMs === null ? null : `setup ${formatMs(setupMs)}`,
    connectMs === null ? null : `connect ${formatMs(connectMs)}`,
    handshakeMs === null ? null : `handshake ${formatMs(handshakeMs)}`,
  ].filter(Boolean);
  // Every class the result counts, so classes added to the pipeline later show without a change here.
  const drops = Object.entries(result.dropped as Record<string, number>).filter(([, count]) => count > 0).map(([name, count]) => `${name} ${count}`);
  lines.push(`timings: ${timings.join(', ') || 'none'}; dropped: ${drops.join(', ') || 'none'}`);
  return lines.join('\n');
}

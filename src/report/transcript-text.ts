import type { SimulationResult } from '../../machines/types.js';
import { cardLines, userText } from './chips.js';
import { frameNotes, replyNotes, timingNotes } from './format.js';

/**
 * A whole conversation as plain text, nothing cut: what JUnit's `<system-out>` and the step
 * summary show. Each turn on its own line (later lines of a multi-line text indented), replies
 * with their latency, then the timings and drop counts.
 */
export function transcriptText(result: SimulationResult, redact: (text: string) => string): string {
  const lines = result.transcript.map((entry) => {
    if (entry.role === 'user') return `user:  ${redact(userText(entry)).replace(/\r?\n/g, '\n       ')}`;
    const text = redact(entry.text).replace(/\r?\n/g, '\n       ');
    const notes = replyNotes(entry);
    const cards = cardLines(entry).map((line) => `\n       ${redact(line)}`).join('');
    return `agent: ${entry.timedOut && entry.text === '' ? '(no reply)' : text}${notes.length > 0 ? `  [${notes.join(', ')}]` : ''}${cards}`;
  });
  const timings = timingNotes(result.timings);
  lines.push(`timings: ${timings.join(', ') || 'none'}; ${frameNotes(result.dropped)}`);
  return lines.join('\n');
}

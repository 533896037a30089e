import type { TranscriptEntry } from '../../machines/types.js';
import { replyNotes, shorten } from './format.js';

/** Width the transcript texts are cut to, so each turn stays on one terminal line. */
const TEXT_WIDTH = 90;

/** A transcript as indented `you:` / `agent:` lines, each agent reply with its latency. */
export function formatTranscript(transcript: readonly TranscriptEntry[], indent = '      '): string[] {
  return transcript.map((entry) => {
    if (entry.role === 'user') return `${indent}you:   ${shorten(entry.text, TEXT_WIDTH)}`;
    const notes = replyNotes(entry);
    const text = entry.text === '' ? '(nothing)' : shorten(entry.text, TEXT_WIDTH);
    return `${indent}agent: ${text}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}`;
  });
}

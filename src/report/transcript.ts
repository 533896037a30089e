import type { TranscriptEntry } from '../../machines/types.js';
import { textChips, userText } from './chips.js';
import { replyNotes, shorten } from './format.js';

/** Width the transcript texts are cut to, so each turn stays on one terminal line. */
const TEXT_WIDTH = 90;

/** A transcript as indented `you:` / `agent:` lines, each agent reply with its latency. */
export function formatTranscript(transcript: readonly TranscriptEntry[], indent = '      '): string[] {
  return transcript.flatMap((entry) => {
    if (entry.role === 'user') return [`${indent}you:   ${shorten(userText(entry), TEXT_WIDTH)}`];
    const notes = replyNotes(entry);
    const text = entry.text === '' ? (entry.attachments?.length ? '(a card)' : '(nothing)') : shorten(entry.text, TEXT_WIDTH);
    const line = `${indent}agent: ${text}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}`;
    return entry.choices?.length ? [line, `${indent}       ${shorten(textChips(entry), TEXT_WIDTH)}`] : [line];
  });
}

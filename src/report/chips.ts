import type { SimulationResult, TranscriptEntry } from '../../machines/types.js';

type AgentEntry = Extract<TranscriptEntry, { role: 'agent' }>;

/** `[Refund] [Store credit]`: a reply's choices as buttons, in plain text (README "Buttons, cards and clicks"). */
export const textChips = (entry: Pick<AgentEntry, 'choices'>): string => (entry.choices ?? []).map((choice) => `[${choice.title}]`).join(' ');

/** What a reply carried besides text, as lines for plain-text reports: its buttons, its attachments. */
export function cardLines(entry: AgentEntry): string[] {
  const lines: string[] = [];
  if (entry.choices?.length) lines.push(`buttons: ${textChips(entry)}`);
  if (entry.attachments?.length) lines.push(`attachments: ${entry.attachments.length}`);
  return lines;
}

/** A user turn's text, marked when it was a click on a button. */
export const userText = (entry: Extract<TranscriptEntry, { role: 'user' }>): string => (entry.click ? `(clicked) ${entry.text}` : entry.text);

/**
 * The agent turn a failure is about: the reply to the first failed expectation's turn, else the
 * last agent turn (the one a failed click was made on).
 */
export function failedReply(result: Pick<SimulationResult, 'expectations' | 'transcript'>): AgentEntry | undefined {
  const turn = result.expectations.find((expectation) => !expectation.ok)?.turn;
  let users = 0;
  let last: AgentEntry | undefined;
  for (const entry of result.transcript) {
    if (entry.role === 'user') users += 1;
    else if (turn !== undefined && users === turn) return entry;
    else last = entry;
  }
  return last;
}

import type { AgentTurn, UserTurn } from '../../machines/types.js';

export type Turn = AgentTurn | UserTurn;

/** Attachments are shown to a model as their JSON, cut to this many characters. */
const ATTACHMENT_WIDTH = 300;

/**
 * What an agent turn says to a model: its text (or that nothing came), then the buttons it offered
 * (`[buttons: Refund | Store credit]`) and its attachments (README "Buttons, cards and clicks").
 */
export function agentText(turn: AgentTurn): string {
  const lines = turn.text === '' && !turn.attachments?.length && !turn.choices?.length ? ['(no reply)'] : turn.text === '' ? [] : [turn.text];
  if (turn.choices?.length) lines.push(`[buttons: ${turn.choices.map((choice) => choice.title).join(' | ')}]`);
  for (const attachment of turn.attachments ?? []) {
    const json = JSON.stringify(attachment) ?? String(attachment);
    lines.push(`[attachment: ${json.length > ATTACHMENT_WIDTH ? `${json.slice(0, ATTACHMENT_WIDTH - 1)}…` : json}]`);
  }
  return lines.join('\n');
}

/** What a user turn says to a model: its text, or which button it clicked. */
export const userText = (turn: UserTurn): string => (turn.click ? `[clicked: ${turn.click.title}]` : turn.text);

/** The conversation as plain lines for the judge: `User: …` / `Agent: …`. */
export function transcriptLines(transcript: readonly Turn[]): string {
  return transcript.map((turn) => (turn.role === 'user' ? `User: ${userText(turn)}` : `Agent: ${agentText(turn)}`)).join('\n');
}

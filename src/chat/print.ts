import type { AgentTurn, Choice } from '../../machines/types.js';
import { formatMs } from '../report/format.js';

/** Attachments are shown as their JSON, cut to this many characters. */
const ATTACHMENT_WIDTH = 160;

/** `[1] Refund  [2] Store credit`: choices numbered for `/click N`. */
export const numberedChoices = (choices: readonly Choice[]): string => choices.map((choice, index) => `[${index + 1}] ${choice.title}`).join('  ');

/**
 * An agent turn as `parley chat` prints it: who and how fast, its text, its numbered choices and
 * its attachments. `redact` masks secrets in whatever the agent echoed back.
 */
export function formatAgentTurn(turn: AgentTurn, redact: (text: string) => string, responseSeconds: number, opening = false): string[] {
  const label = turn.replyTo === null ? `agent (${opening ? 'opening' : 'unasked'})` : turn.timedOut ? 'agent' : `agent (${formatMs(turn.latencyMs ?? null)})`;
  if (turn.timedOut) return [`${label}: no reply within ${responseSeconds} s`];
  const [first = '', ...rest] = turn.text === '' ? ['(no text)'] : redact(turn.text).split('\n');
  const lines = [`${label}: ${first}${turn.truncated ? '  (cut at maxTurnSeconds)' : ''}`, ...rest.map((line) => `  ${line}`)];
  if (turn.choices?.length) lines.push(`  choices: ${redact(numberedChoices(turn.choices))}`);
  for (const attachment of turn.attachments ?? []) {
    const text = redact(JSON.stringify(attachment) ?? String(attachment));
    lines.push(`  attachment: ${text.length > ATTACHMENT_WIDTH ? `${text.slice(0, ATTACHMENT_WIDTH - 1)}…` : text}`);
  }
  return lines;
}

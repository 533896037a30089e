import type { AgentTurn, UserTurn } from '../../machines/types.js';

export type Turn = AgentTurn | UserTurn;

/** What an agent turn says to a model: its text, or that nothing came. */
export const agentText = (turn: AgentTurn): string => (turn.text === '' ? '(no reply)' : turn.text);

/** The conversation as plain lines for the judge: `User: …` / `Agent: …`. */
export function transcriptLines(transcript: readonly Turn[]): string {
  return transcript.map((turn) => (turn.role === 'user' ? `User: ${turn.text}` : `Agent: ${agentText(turn)}`)).join('\n');
}

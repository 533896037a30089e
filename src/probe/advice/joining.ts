import { compilePath } from '../../paths.js';
import type { AgentTurn } from '../../../machines/types.js';
import type { ProbeObservations } from '../types.js';

/** At least this many messages in one turn, most of them a single word: a token stream. */
const MIN_MESSAGES = 4;
const ONE_WORD_SHARE = 0.75;

const isOneWord = (text: string) => !/\S\s+\S/.test(text) || /^\s/.test(text);

function looksStreamed(turn: AgentTurn | null): turn is AgentTurn {
  if (!turn || turn.messages.length < MIN_MESSAGES) return false;
  return turn.messages.filter(isOneWord).length >= turn.messages.length * ONE_WORD_SHARE;
}

/**
 * A reply that came as many one-word messages is a token stream: joined with "\n" it reads one
 * word per line. Suggest joinWith "" and a turn-end type, naming the frame that came last if one
 * was dropped right after the text.
 */
export function joiningAdvice(observations: ProbeObservations): string[] {
  const { messages } = observations.config;
  const turn = [observations.reply, observations.opening].find(looksStreamed);
  if (!turn || messages.joinWith !== '\n') return [];
  const advice = [
    `The reply came as ${turn.messages.length} messages of about one word each (${JSON.stringify(turn.messages.slice(0, 3).join('|'))}…): ` +
      'the agent streams tokens, and joined with a newline they read one word per line. Set joinWith: "" to join them as sent.',
  ];
  if (messages.turnEndTypes.length === 0 && messages.turnEndWhen.length === 0) advice.push(turnEndHint(observations, turn));
  return advice;
}

/** The type of the first dropped frame after the turn's last text, when there is one. */
function turnEndHint(observations: ProbeObservations, turn: AgentTurn): string {
  const { typePath } = observations.config.messages;
  const texts = observations.frames.filter((frame) => frame.cls === 'text' && frame.at <= turn.deliveredAt);
  const last = texts.at(-1);
  const typeOf = compilePath(typePath);
  const after = last ? observations.frames.find((frame) => frame.index > last.index && frame.cls === 'type') : undefined;
  const type = after && typePath !== '' ? typeOf(after.json) : undefined;
  if (typeof type === 'string') {
    return `Frame #${after!.index} (type \`${type}\`) came right after the last token: if it means the answer is complete, set turnEndTypes: [${type}] and the reply is delivered at once, without waiting coalesceSeconds.`;
  }
  return 'If the agent sends a frame when the answer is complete, put its type in turnEndTypes: the reply is then delivered at once, without waiting coalesceSeconds.';
}

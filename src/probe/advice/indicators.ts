import type { ProbeObservations } from '../types.js';
import { typeValues } from './frames.js';

const DONE = /stop|done|end(ed)?$|complete|finish|final/i;
const CONVERSATION_END = /end_?of_?conversation|conversation_?end|session_?end|hang_?up/i;
const TYPING = /typing|composing|indicator|thinking/i;

/**
 * Frames dropped by type whose type reads like a typing indicator or a "done" signal: they can
 * hold a turn open (typingTypes) or end it at once (turnEndTypes) instead of being ignored.
 */
export function indicatorAdvice(observations: ProbeObservations): string[] {
  const { messages } = observations.config;
  if (messages.typePath === '') return [];
  const dropped = observations.frames.filter((frame) => frame.cls === 'type');
  const types = typeValues(observations, dropped).map(({ value }) => value);
  const ends = types.filter((type) => CONVERSATION_END.test(type) && !messages.endTypes.includes(type));
  const done = types.filter((type) => !ends.includes(type) && DONE.test(type) && !messages.turnEndTypes.includes(type));
  const typing = types.filter((type) => !ends.includes(type) && !done.includes(type) && TYPING.test(type) && !messages.typingTypes.includes(type));
  const advice: string[] = [];
  if (done.length > 0) {
    advice.push(
      `Frames of type ${done.map((t) => `\`${t}\``).join(', ')} look like the agent saying its answer is complete: ` +
        `set turnEndTypes: [${[...messages.turnEndTypes, ...done].join(', ')}] and each reply is delivered at once instead of after coalesceSeconds (${observations.config.coalesceSeconds} s) of quiet.`,
    );
  }
  if (typing.length > 0) {
    advice.push(
      `Frames of type ${typing.map((t) => `\`${t}\``).join(', ')} look like typing indicators: ` +
        `set typingTypes: [${[...messages.typingTypes, ...typing].join(', ')}] and they hold a turn open while the agent is still writing.`,
    );
  }
  if (ends.length > 0) {
    advice.push(
      `Frames of type ${ends.map((t) => `\`${t}\``).join(', ')} look like the agent ending the conversation: set endTypes: [${[...messages.endTypes, ...ends].join(', ')}].`,
    );
  }
  return advice;
}

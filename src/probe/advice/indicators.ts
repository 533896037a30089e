import type { ProbeObservations } from '../types.js';
import { usedTypes } from './agent-errors.js';
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
  // A type the config already uses (ready, awaited, text) is never advised into another class.
  const used = usedTypes(observations);
  const types = typeValues(observations, dropped)
    .map(({ value }) => value)
    .filter((type) => !used.has(type));
  // A class the config already sets (by type or condition) is not advised again: it works, or the
  // reply would show it did not.
  const has = (types: string[], when: unknown[]) => types.length > 0 || when.length > 0;
  const ends = has(messages.endTypes, messages.endWhen) ? [] : types.filter((type) => CONVERSATION_END.test(type));
  const done = has(messages.turnEndTypes, messages.turnEndWhen) ? [] : types.filter((type) => !ends.includes(type) && DONE.test(type));
  const typing = has(messages.typingTypes, messages.typingWhen) ? [] : types.filter((type) => !ends.includes(type) && !done.includes(type) && TYPING.test(type));
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

import type { MessagesConfig } from '../../config/types.js';
import { compilePath } from '../../paths.js';
import { describeValues, textCandidates, typeCandidates } from '../candidates.js';
import { isTextLike, stringLeaves } from '../json-leaves.js';
import { gotReply, type FrameRecord, type ProbeObservations } from '../types.js';
import { frameCount, jsonOf, typeValues, yamlList } from './frames.js';

/** Frames that hold something that reads like text. */
function withText(frames: readonly FrameRecord[]): FrameRecord[] {
  return frames.filter((frame) => stringLeaves(frame.json).some(isTextLike));
}

/**
 * Frames dropped by type: a wrong typePath (no type there at all) or textTypes that miss the
 * agent's text type. Typing indicators and acks are dropped by type too, and rightly: say
 * nothing when a reply came and no dropped frame held text.
 */
export function typeAdvice(observations: ProbeObservations): string[] {
  const dropped = observations.frames.filter((frame) => frame.cls === 'type');
  const texty = withText(dropped);
  if (dropped.length === 0 || (gotReply(observations) && texty.length === 0)) return [];
  const { messages } = observations.config;
  const typeOf = compilePath(messages.typePath);
  const untyped = dropped.filter((frame) => typeof typeOf(frame.json) !== 'string');
  const typed = dropped.filter((frame) => typeof typeOf(frame.json) === 'string');
  return [
    ...(typed.length > 0 ? [wrongTextTypes(observations, typed, withText(typed))] : []),
    ...(untyped.length > 0 ? [wrongTypePath(messages, untyped, withText(untyped))] : []),
  ];
}

function wrongTextTypes(observations: ProbeObservations, typed: FrameRecord[], texty: FrameRecord[]): string {
  const { messages } = observations.config;
  const lines = typeValues(observations, typed).map(
    ({ value, count }) => `${frameCount(count)} had type \`${value}\`, not in textTypes ${yamlList(messages.textTypes)}.`,
  );
  const carrying = typeValues(observations, texty).map(({ value }) => value);
  if (carrying.length > 0) {
    lines.push(
      `If ${carrying.map((type) => `\`${type}\``).join(', ')} frames carry the agent's text, add them: ` +
        `textTypes: ${yamlList([...messages.textTypes, ...carrying])}.${textPathHint(messages, texty)}`,
    );
  }
  return lines.join('\n');
}

function wrongTypePath(messages: MessagesConfig, untyped: FrameRecord[], texty: FrameRecord[]): string {
  const head = `${frameCount(untyped.length)} had no value at typePath \`${messages.typePath}\`, so none can match textTypes ${yamlList(messages.textTypes)}.`;
  const [best, ...others] = typeCandidates(jsonOf(untyped));
  if (!best) return `${head} Set messages.typePath to the field that holds the frame type, or "" to turn type filtering off.`;
  const alternatives = others.map((candidate) => ` (or \`${candidate.path}\`: ${describeValues(candidate.values)})`).join('');
  const bestOf = compilePath(best.path);
  const textTypes = [...new Set(texty.map((frame) => bestOf(frame.json)).filter((type): type is string => typeof type === 'string'))];
  const suggestion = textTypes.length > 0 ? `typePath: ${best.path} and textTypes: ${yamlList(textTypes)}` : `typePath: ${best.path}`;
  return (
    `${head}\nThe field that looks like a type is \`${best.path}\`: ${describeValues(best.values)}${alternatives}.\n` +
    `Try ${suggestion}.${textPathHint(messages, texty)}`
  );
}

/** When the text-carrying frames have nothing at textPath, where their text is instead. */
function textPathHint(messages: MessagesConfig, texty: FrameRecord[]): string {
  const textOf = compilePath(messages.textPath);
  if (texty.some((frame) => typeof textOf(frame.json) === 'string')) return '';
  const [best] = textCandidates(jsonOf(texty), new Set([messages.typePath]));
  return best ? `\nTheir text is at \`${best.path}\`, not at textPath \`${messages.textPath}\`: set textPath: ${best.path}.` : '';
}

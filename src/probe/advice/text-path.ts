import { compilePath } from '../../paths.js';
import { textCandidates } from '../candidates.js';
import { gotReply, type ProbeObservations } from '../types.js';
import { frameCount, jsonOf, typeValues } from './frames.js';

/** Frames of a text type with nothing at textPath: say where text-like strings were found. */
export function textPathAdvice(observations: ProbeObservations): string[] {
  const { messages } = observations.config;
  const noText = observations.frames.filter((frame) => frame.cls === 'noText');
  if (noText.length === 0) return [];
  const exclude = new Set([messages.typePath, messages.directionPath ?? '']);
  const candidates = textCandidates(jsonOf(noText), exclude);
  // A message frame without text (a card, an attachment) is normal once a reply came.
  if (candidates.length === 0 && gotReply(observations)) return [];
  const types = typeValues(observations, noText).map(({ value }) => `\`${value}\``);
  const ofType = types.length > 0 ? ` of type ${types.join(', ')}` : '';
  const head = `${frameCount(noText.length)}${ofType} had no text at textPath \`${messages.textPath}\` and ${noText.length === 1 ? 'was' : 'were'} dropped (noText).`;
  if (candidates.length === 0) return [`${head} They hold no text-like string at all: check messages.textPath against a frame above.`];
  const found = candidates.map((candidate) => `\`${candidate.path}\` (e.g. ${JSON.stringify(example(candidate.values[0]?.value ?? ''))})`);
  const textOf = compilePath(candidates[0]!.path);
  const covers = noText.filter((frame) => typeof textOf(frame.json) === 'string').length;
  return [`${head}\nText-like strings were found at ${found.join(', ')}.\nTry textPath: ${candidates[0]!.path} (it has text in ${covers} of them).`];
}

function example(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

import { compilePath } from '../../paths.js';
import type { ProbeObservations } from '../types.js';
import { frameCount } from './frames.js';

/** `activities.0.text` → list at `activities`, item path `text`; null when no segment indexes a list. */
function splitAtIndex(path: string): { list: string; index: number; rest: string } | null {
  const segments = path.split('.');
  const at = segments.findIndex((segment) => /^\d+$/.test(segment));
  if (at < 0) return null;
  return { list: segments.slice(0, at).join('.'), index: Number(segments[at]), rest: segments.slice(at + 1).join('.') };
}

export interface LostItems {
  list: string;
  rest: string;
  frames: number;
  /** Items beside the one the paths read that had text at the same place. */
  lost: number;
}

/**
 * Frames carrying a list, read through a textPath that picks one item (`activities.0.text`):
 * every other item with text there is lost. Null when nothing was.
 */
export function lostItems(observations: ProbeObservations): LostItems | null {
  const { textPath, itemsPath } = observations.config.messages;
  const split = itemsPath === undefined ? splitAtIndex(textPath) : null;
  if (!split) return null;
  const listOf = compilePath(split.list);
  const textOf = compilePath(split.rest);
  let frames = 0;
  let lost = 0;
  for (const frame of observations.frames) {
    const list = listOf(frame.json);
    if (!Array.isArray(list) || list.length < 2) continue;
    const others = list.filter((item, index) => index !== split.index && typeof textOf(item) === 'string' && textOf(item) !== '');
    if (others.length === 0) continue;
    frames += 1;
    lost += others.length;
  }
  return lost === 0 ? null : { list: split.list, rest: split.rest, frames, lost };
}

/** A path that picks one item of a list: say the other items were lost, and suggest itemsPath. */
export function itemsLostAdvice(observations: ProbeObservations): string[] {
  const found = lostItems(observations);
  if (!found) return [];
  const { typePath, directionPath, textPath } = observations.config.messages;
  const within = (path: string | undefined) => {
    if (path === undefined) return undefined;
    const split = splitAtIndex(path);
    return split && split.list === found.list ? split.rest : undefined;
  };
  const settings = [`itemsPath: ${found.list === '' ? '""' : found.list}`, `textPath: ${found.rest}`];
  const type = within(typePath);
  if (type !== undefined) settings.push(`typePath: ${type}`);
  const direction = within(directionPath);
  if (direction !== undefined) settings.push(`directionPath: ${direction}`);
  return [
    `${frameCount(found.frames)} carried a list at \`${found.list || '(the frame itself)'}\`, but textPath \`${textPath}\` reads one item of it: ` +
      `${found.lost} other item${found.lost === 1 ? '' : 's'} with text ${found.lost === 1 ? 'was' : 'were'} lost.\n` +
      `Read every item as its own message: ${settings.join(', ')}.`,
  ];
}

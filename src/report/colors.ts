import pc from 'picocolors';
import type { Verdict } from '../../machines/types.js';
import { VERDICT_TAG } from './format.js';

/** picocolors' formatters; with colour off each returns its text unchanged. */
export type Colors = ReturnType<typeof pc.createColors>;

/** No colour at all: for files, pipes and tests. */
export const PLAIN: Colors = pc.createColors(false);

/**
 * Colour for a terminal, or through a pipe when `FORCE_COLOR` is set (picocolors' convention, for
 * CI logs that render colour); never when `NO_COLOR` is set to anything non-empty
 * (https://no-color.org), which wins; `FORCE_COLOR=0` (or `false`) turns it off.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const off = env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false';
  const forced = env.FORCE_COLOR !== undefined && !off;
  const refused = Boolean(env.NO_COLOR) || off;
  return pc.createColors((Boolean(stream.isTTY) || forced) && !refused);
}

const VERDICT_COLOR: Record<Verdict, keyof Pick<Colors, 'green' | 'red' | 'yellow'>> = {
  passed: 'green',
  failed: 'red',
  error: 'yellow',
};

/** The fixed-width verdict tag, coloured when colour is on. */
export function verdictTag(verdict: Verdict, colors: Colors): string {
  return colors[VERDICT_COLOR[verdict]](VERDICT_TAG[verdict]);
}

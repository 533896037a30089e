/** Runs one side of row 3 in a fresh child process (dist/bench/scale-child.js), with `--expose-gc`. */
import { benchEntry, inChild } from '../child.js';
import { measureScale, type ScaleOptions, type ScaleResult } from './scale.js';

export const scaleChildPath = (): string | null => benchEntry('scale-child.js');

/** In a child process when the compiled bench is there, else in this process. */
export async function runScale(options: ScaleOptions, timeoutMs: number): Promise<ScaleResult> {
  const path = scaleChildPath();
  return path ? inChild<ScaleOptions, ScaleResult>(path, options, timeoutMs, `the ${options.side} scale child`) : measureScale(options);
}

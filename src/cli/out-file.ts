import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { usageError } from './exit-codes.js';

/**
 * Creates (or empties) the results file before the run, so an unwritable path is a usage error
 * before anything connects, and `--out` holds this run's results only, not an older run's too.
 */
export function prepareOutFile(path: string): string {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    return path;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`Cannot write results to ${path}${code ? ` (${code})` : ''}`);
  }
}

import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { usageError } from './exit-codes.js';

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EROFS: 'read-only file system',
};

function problem(what: string, path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? (WHY[code] ? `${WHY[code]} (${code})` : code) : String(error);
  return usageError(`Cannot write ${what} to ${path}: ${why}`);
}

/**
 * Checks that a file can be written, without changing it: an output named by a flag (`--trace`,
 * `--junit`, `--html`) that cannot be written is a usage error before anything runs, and a check
 * that fails must leave no file of its own behind.
 */
export function assertWritable(path: string, what: string): string {
  try {
    if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    mkdirSync(dirname(path), { recursive: true });
    const existed = existsSync(path);
    closeSync(openSync(path, 'a'));
    if (!existed) unlinkSync(path);
    return path;
  } catch (error) {
    throw problem(what, path, error);
  }
}

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
    throw problem('results', path, error);
  }
}

import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { usageError } from './exit-codes.js';

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EROFS: 'read-only file system',
};

function problem(what: string, path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? (WHY[code] ? `${WHY[code]} (${code})` : code) : String(error);
  return usageError(`Cannot write ${what} to ${path}: ${why}`);
}

/**
 * Checks that a file can be written, without creating or changing anything: an output named by a
 * flag (`--trace`, `--junit`, `--html`) that cannot be written is a usage error before anything
 * runs. Folders the path needs are looked at, not made: the nearest one that exists must be a
 * writable folder.
 */
export function assertWritable(path: string, what: string): string {
  try {
    if (existsSync(path)) {
      if (statSync(path).isDirectory()) throw errno('EISDIR');
      accessSync(path, constants.W_OK);
      return path;
    }
    let folder = dirname(resolve(path));
    while (!existsSync(folder)) folder = dirname(folder);
    if (!statSync(folder).isDirectory()) throw errno('ENOTDIR');
    accessSync(folder, constants.W_OK);
    return path;
  } catch (error) {
    throw problem(what, path, error);
  }
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
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

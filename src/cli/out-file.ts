import { accessSync, constants, existsSync, mkdtempSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeFolders } from '../make-folders.js';
import { usageError } from './exit-codes.js';

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EROFS: 'read-only file system',
};

/** A refusal found by a check, worded for the user (`code` is shown after it). */
class Refusal extends Error {
  constructor(
    readonly code: string,
    why: string,
  ) {
    super(why);
  }
}

/** A failure to write an output, worded as the checks word theirs: one line, exit 2. */
export function outputError(what: string, path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const why = error instanceof Refusal ? error.message : code && WHY[code] ? WHY[code] : undefined;
  const reason = why ? `${why} (${code})` : (code ?? String(error));
  return usageError(`Cannot write ${what} to ${path}: ${reason}`);
}

/**
 * Whether `folder` takes a new entry, tried for real with a folder made and removed at once: root
 * passes every permission check, and `/proc` refuses with ENOENT what `access()` allows.
 */
function probeFolder(folder: string): void {
  try {
    rmdirSync(mkdtempSync(join(folder, '.parley-write-check-')));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new Refusal(code, WHY[code] ?? `nothing can be created in ${folder}`);
  }
}

/** The nearest folder of `path` that exists; a file there means the path can never be made. */
function nearestFolder(path: string): string {
  let folder = dirname(resolve(path));
  while (!existsSync(folder)) folder = dirname(folder);
  if (!statSync(folder).isDirectory()) throw new Refusal('ENOTDIR', WHY.ENOTDIR!);
  return folder;
}

/**
 * Checks, before anything runs, that a file can be written at `path` (an output named by a flag:
 * `--out`, `--trace`, `--junit`, `--html`), creating or changing nothing there. A folder, a path
 * through a file, or a place nothing can be made in is a usage error (exit 2) naming `what`.
 */
export function checkOutputFile(path: string, what: string): string {
  try {
    if (!existsSync(path)) probeFolder(nearestFolder(path));
    else if (statSync(path).isDirectory()) throw new Refusal('EISDIR', WHY.EISDIR!);
    else accessSync(path, constants.W_OK);
    return path;
  } catch (error) {
    throw outputError(what, path, error);
  }
}

/** {@link checkOutputFile} for a folder files are written into (`schema --out`, `diagrams`). */
export function checkOutputFolder(path: string, what: string): string {
  try {
    if (!existsSync(path)) probeFolder(nearestFolder(join(path, 'x')));
    else if (!statSync(path).isDirectory()) throw new Refusal('ENOTDIR', 'it is a file, not a folder');
    else probeFolder(path);
    return path;
  } catch (error) {
    throw outputError(what, path, error);
  }
}

/** Makes a checked output folder; a failure all the same (a race) is one line and exit 2. */
export function makeOutputFolder(path: string, what: string): string {
  checkOutputFolder(path, what);
  try {
    makeFolders(path);
    return path;
  } catch (error) {
    throw outputError(what, path, error);
  }
}

/**
 * Creates (or empties) the results file before the run, so an unwritable path is a usage error
 * before anything connects, and `--out` holds this run's results only, not an older run's too.
 */
export function prepareOutFile(path: string): string {
  checkOutputFile(path, 'results');
  try {
    makeFolders(dirname(path));
    writeFileSync(path, '');
    return path;
  } catch (error) {
    throw outputError('results', path, error);
  }
}

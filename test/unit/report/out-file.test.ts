import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliExit } from '../../../src/cli/exit-codes.js';
import { checkOutputFile } from '../../../src/cli/out-file.js';
import { makeFolders } from '../../../src/make-folders.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir('parley-out-');

function refusal(path: string): CliExit {
  try {
    checkOutputFile(path, 'the trace');
  } catch (error) {
    if (error instanceof CliExit) return error;
    throw error;
  }
  throw new Error('expected a CliExit');
}

describe('output paths are checked before a run, without leaving files behind', () => {
  it('a folder is exit 2, said as a folder', () => {
    const folder = join(dir.path(), 'folder');
    mkdirSync(folder);
    const error = refusal(folder);
    expect(error.code).toBe(2);
    expect(error.message).toBe(`Cannot write the trace to ${folder}: it is a folder (EISDIR)`);
  });

  it('a path through a file is exit 2, and the check creates nothing', () => {
    const file = join(dir.path(), 'plain.txt');
    writeFileSync(file, 'x');
    const error = refusal(join(file, 'trace.jsonl'));
    expect(error.code).toBe(2);
    expect(error.message).toBe(`Cannot write the trace to ${join(file, 'trace.jsonl')}: a part of the path is a file, not a folder (ENOTDIR)`);
  });

  it('a writable new path passes and is not created; an existing file is left as it was', () => {
    const fresh = join(dir.path(), 'new', 'trace.jsonl');
    expect(checkOutputFile(fresh, 'the trace')).toBe(fresh);
    expect(existsSync(fresh)).toBe(false);
    expect(existsSync(join(dir.path(), 'new'))).toBe(false);
    const existing = join(dir.path(), 'keep.xml');
    writeFileSync(existing, 'old');
    checkOutputFile(existing, 'the JUnit report');
    expect(readFileSync(existing, 'utf8')).toBe('old');
  });
});

describe('makeFolders', () => {
  it('makes nested folders, and throws where Node’s own mkdir -p would spin forever', () => {
    const nested = join(dir.path(), 'm', 'n', 'o');
    makeFolders(nested);
    expect(existsSync(nested)).toBe(true);
    makeFolders(nested);
    expect(() => makeFolders('/proc/nope/x')).toThrow(/ENOENT/);
  });
});

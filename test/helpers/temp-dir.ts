import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temp folder for the current test file: created before its tests, removed after them.
 * `write(name, content)` puts a file in it and returns its path.
 */
export function useTempDir(prefix: string): { path: () => string; write: (name: string, content: string) => Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: () => dir,
    write: async (name, content) => {
      const file = join(dir, name);
      await writeFile(file, content);
      return file;
    },
  };
}

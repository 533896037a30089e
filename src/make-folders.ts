import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always returns: Node's own `mkdirSync(dir, { recursive: true })` loops forever
 * where a parent exists but refuses new entries with ENOENT (`/proc/nope/x`). Here each missing
 * folder is made once, from the nearest existing one down, and the first refusal is thrown.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  let folder = resolve(dir);
  while (!existsSync(folder)) {
    missing.unshift(folder);
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const path of missing) mkdirSync(path);
}

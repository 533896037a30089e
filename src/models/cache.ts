import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolders } from '../make-folders.js';

/** SHA-256 of the request body exactly as sent: equal requests share one answer (README "Simulated users and judges"). */
export function requestHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * `--llm-cache DIR`: one file per answer, `<sha256>.json`, holding the request and the answer so a
 * reviewer can read what was asked. The API key is a header, never in the body, so never on disk.
 */
export class ModelCache {
  constructor(
    readonly dir: string,
    /** `--llm-replay`: a request missing from the cache fails instead of reaching the model. */
    readonly replay = false,
  ) {
    makeFolders(dir);
  }

  get(hash: string): string | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.#file(hash), 'utf8')) as { answer?: unknown };
      return typeof entry.answer === 'string' ? entry.answer : undefined;
    } catch {
      return undefined; // missing or unreadable: asked again (or, replaying, a miss)
    }
  }

  put(hash: string, body: string, answer: string): void {
    // Written aside and renamed, so simulations running side by side never read half a file.
    const temporary = join(this.dir, `.${hash}.${randomUUID()}.tmp`);
    writeFileSync(temporary, `${JSON.stringify({ request: JSON.parse(body) as unknown, answer }, null, 2)}\n`);
    renameSync(temporary, this.#file(hash));
  }

  #file(hash: string): string {
    return join(this.dir, `${hash}.json`);
  }
}

import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolders } from '../make-folders.js';
import type { SimulationResult } from '../../machines/types.js';

/**
 * Appends one JSON line per result the moment it arrives. Writes are synchronous so a line is in
 * the file before the next result is handled: a crash or an interrupt loses nothing finished.
 */
export class ResultsWriter {
  readonly path: string;
  #fd: number | null;

  constructor(path: string) {
    this.path = path;
    makeFolders(dirname(path));
    this.#fd = openSync(path, 'a');
  }

  write(result: SimulationResult): void {
    if (this.#fd === null) throw new Error(`results file ${this.path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(result)}\n`);
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}

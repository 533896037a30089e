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
  readonly #testSet: string | undefined;

  /** @param testSet the test set's name, written on every line so `parley report` can name it */
  constructor(path: string, testSet?: string) {
    this.path = path;
    this.#testSet = testSet;
    makeFolders(dirname(path));
    this.#fd = openSync(path, 'a');
  }

  write(result: SimulationResult): void {
    if (this.#fd === null) throw new Error(`results file ${this.path} is closed`);
    const line = this.#testSet === undefined ? result : { ...result, testSet: this.#testSet };
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
  }

  close(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MACHINES = join(import.meta.dirname, '../../machines');

describe('machines/ stands alone', () => {
  it('imports only xstate and its own files', () => {
    const outside = readdirSync(MACHINES)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(join(MACHINES, file), 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)]
          .map((match) => match[1]!)
          .filter((source) => source !== 'xstate' && !/^\.\/[\w-]+\.js$/.test(source))
          .map((source) => `${file}: ${source}`),
      );
    expect(outside).toEqual([]);
  });

  it('reads no wall clock: time comes from the input `now` or the actor clock', () => {
    const clocks = readdirSync(MACHINES)
      .filter((file) => file.endsWith('.ts') && file !== 'defaults.ts')
      .filter((file) => /Date\.now\(|performance\.now\(|new Date\(\)/.test(readFileSync(join(MACHINES, file), 'utf8')));
    expect(clocks).toEqual([]);
  });
});

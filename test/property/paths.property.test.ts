/**
 * src/paths.ts over arbitrary JSON and paths: the reader never throws, finds what is there, and
 * never reaches past an object's own data (README "Config reference" "Paths").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/config/types.js';
import { compilePath, readPath } from '../../src/paths.js';
import { json, key, path } from './arbitraries.js';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Every (path, value) pair reachable in `value` by own keys and array indices. */
function leaves(value: JsonValue, prefix: string[] = []): Array<[string[], JsonValue]> {
  const here: Array<[string[], JsonValue]> = [[prefix, value]];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => leaves(item, [...prefix, String(i)])));
  if (value !== null && typeof value === 'object') {
    return here.concat(Object.keys(value).flatMap((k) => leaves(value[k]!, [...prefix, k])));
  }
  return here;
}

describe('paths (property)', () => {
  it('never throws, whatever the path and the value', () => {
    fc.assert(
      fc.property(path, fc.oneof(json, fc.anything()), (p, value) => {
        compilePath(p)(value);
        readPath(value, p);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back every value that is there, through any path of own keys without dots or forbidden names', () => {
    fc.assert(
      fc.property(json, (value) => {
        for (const [segments, found] of leaves(value)) {
          if (segments.some((s) => s.includes('.') || FORBIDDEN.has(s))) continue;
          // '' names the root, so a path with an empty segment is only checked when it is not ''.
          if (segments.length === 1 && segments[0] === '') continue;
          expect(readPath(value, segments.join('.'))).toBe(found);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never yields anything for a path through a forbidden name, even when the data has that own key', () => {
    fc.assert(
      fc.property(json, fc.array(key, { maxLength: 2 }), fc.constantFrom(...FORBIDDEN), fc.array(key, { maxLength: 2 }), (value, before, bad, after) => {
        expect(readPath(value, [...before, bad, ...after].join('.'))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('never reads inherited members: on data without own keys, every non-empty path is undefined', () => {
    fc.assert(
      fc.property(fc.constantFrom<unknown>({}, [], '', 'text', 0, 1.5, true, null), path, (value, p) => {
        if (p === '') return;
        expect(readPath(value, p)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { isJsonValue, walkJson, type JsonPath } from '../../src/json.js';

describe('walkJson: the one walker over JSON data', () => {
  it('visits every string value with its path, never a key', () => {
    const seen: [string, JsonPath][] = [];
    walkJson({ a: 'x', b: [1, 'y', { c: 'z' }], 'key{{message}}': true }, (text, path) => seen.push([text, path]));
    expect(seen).toEqual([
      ['x', ['a']],
      ['y', ['b', 1]],
      ['z', ['b', 2, 'c']],
    ]);
  });

  it('tells JSON data from what JSON cannot carry, and still visits every string', () => {
    const cyclic: Record<string, unknown> = { text: 'kept' };
    cyclic.self = cyclic;
    const seen: string[] = [];
    expect(walkJson(cyclic, (text) => seen.push(text))).toBe(false);
    expect(seen).toEqual(['kept']);
    expect(isJsonValue({ when: new Date(0) })).toBe(false);
    expect(isJsonValue({ n: Number.NaN })).toBe(false);
    expect(isJsonValue([null, true, 1.5, 'a', { b: [] }])).toBe(true);
    expect(isJsonValue(Object.create(null))).toBe(true);
  });

  it('accepts a value shared by two branches (not a cycle)', () => {
    const shared = { x: 1 };
    expect(isJsonValue({ a: shared, b: shared })).toBe(true);
  });
});

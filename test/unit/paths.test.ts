/** src/paths.ts: dot paths read own data only (README "Config reference" "Paths"); a frame can never reach a prototype. */
import { describe, expect, it } from 'vitest';
import { compilePath, readPath } from '../../src/paths.js';

describe('readPath', () => {
  const frame = { a: { b: [{ c: 'first' }, { c: 'second' }] }, 'x': 0, list: ['p', 'q'], nil: null };

  it('reads nested properties and array indices', () => {
    expect(readPath(frame, 'a.b.1.c')).toBe('second');
    expect(readPath(frame, 'list.0')).toBe('p');
    expect(readPath(frame, 'x')).toBe(0);
    expect(readPath(['z'], '0')).toBe('z');
  });

  it('returns the value itself for the empty path', () => {
    expect(readPath(frame, '')).toBe(frame);
  });

  it('yields undefined for missing steps, out-of-range and non-numeric indices, and non-objects', () => {
    expect(readPath(frame, 'a.missing.c')).toBeUndefined();
    expect(readPath(frame, 'list.2')).toBeUndefined();
    expect(readPath(frame, 'list.-1')).toBeUndefined();
    expect(readPath(frame, 'list.length')).toBeUndefined();
    expect(readPath(frame, 'list.first')).toBeUndefined();
    expect(readPath(frame, 'nil.x')).toBeUndefined();
    expect(readPath('text', 'length')).toBeUndefined();
    expect(readPath(null, 'a')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'a.__proto__', 'constructor.name', 'a.constructor.prototype', 'toString', 'hasOwnProperty'])(
    'never resolves %s through the prototype chain',
    (path) => {
      expect(readPath({ a: {} }, path)).toBeUndefined();
      expect(readPath([], path)).toBeUndefined();
    },
  );

  it('never resolves the forbidden names even as own properties', () => {
    // JSON.parse creates an own "__proto__" property; it must still not be read.
    const parsed = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "prototype": "p"}') as unknown;
    expect(readPath(parsed, '__proto__.x')).toBeUndefined();
    expect(readPath(parsed, 'constructor')).toBeUndefined();
    expect(readPath(parsed, 'prototype')).toBeUndefined();
  });

  it('reads inherited-looking names only when they are own data', () => {
    expect(readPath({ toString: 'own' }, 'toString')).toBe('own');
    expect(readPath(Object.create({ inherited: 1 }) as object, 'inherited')).toBeUndefined();
  });
});

describe('compilePath', () => {
  it('compiles once and reads many values', () => {
    const read = compilePath('body.text');
    expect(read({ body: { text: 'a' } })).toBe('a');
    expect(read({ body: { text: 'b' } })).toBe('b');
    expect(read({})).toBeUndefined();
  });
});

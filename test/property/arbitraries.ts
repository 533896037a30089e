/**
 * Generators for the property tests: JSON as an agent or a config file could hold it (keys that
 * name prototype members included, since JSON.parse makes them own properties), and text as a
 * user could type it (any Unicode, lone surrogates, quotes, backslashes, braces, placeholders).
 */
import fc from 'fast-check';
import type { JsonValue } from '../../src/config/types.js';

/** Keys that trip naive object code, mixed with ordinary ones. */
export const key = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'length', '0', '') },
);

/** Strings with placeholder look-alikes, JSON metacharacters and any code unit. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom('{{message}}', '{{ message }}', '{{{message}}}', '{{', '}}', '"', '\\', '\n', '\u2028', '\ud800', '😀', '$&', '$1', 'a'), { maxLength: 8 })
      .map((parts) => parts.join('')),
  },
);

/** Builds an object from entries as JSON.parse would: every key an own property, `__proto__` too. */
export function jsonObject(entries: Array<[string, JsonValue]>): { [key: string]: JsonValue } {
  return JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as { [key: string]: JsonValue };
}

/** Any JSON value, objects built the JSON.parse way. */
export const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map(jsonObject),
  ),
})).value;

/** Dot paths: real-looking, numeric, empty segments, forbidden names, arbitrary text. */
export const path = fc.oneof(
  fc.array(fc.oneof(key, fc.nat({ max: 5 }).map(String)), { maxLength: 4 }).map((segments) => segments.join('.')),
  fc.string({ maxLength: 12 }),
);

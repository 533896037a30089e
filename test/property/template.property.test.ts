/**
 * src/template.ts over arbitrary JSON and text: rendering never throws (except the documented
 * MissingSetupValue), and a compiled send template always yields valid JSON carrying the user's
 * text exactly where `{{message}}` stands, whatever the text and whatever the other values hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/config/types.js';
import { compileSendTemplate, MissingSetupValue, renderString, renderValue, type TemplateVars } from '../../src/template.js';
import { json, jsonObject, key, text } from './arbitraries.js';

/** Values for every placeholder but `{{message}}`, themselves arbitrary text. */
const vars: fc.Arbitrary<TemplateVars> = fc.record({
  simulationId: text,
  caseId: text,
  env: fc.dictionary(fc.constantFrom('A', 'B', 'TOKEN'), text),
  setup: json,
});

/** Template strings: literal text around placeholders, known and unknown. */
const templateString = fc
  .array(
    fc.oneof(
      text,
      fc.constantFrom('{{message}}', '{{ message }}', '{{env.A}}', '{{env.TOKEN}}', '{{case.id}}', '{{simulation.id}}', '{{setup.x}}', '{{unknown}}'),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));

/** JSON whose strings are template strings. */
const template: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    templateString,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }).map(jsonObject),
  ),
})).value;

/** A template with `{{message}}` at one leaf, between a prefix and a suffix free of placeholders, and that leaf's keys. */
const withSlot = fc
  .tuple(json, fc.array(fc.oneof(key, fc.nat({ max: 2 })), { maxLength: 3 }), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }))
  .filter(([, , prefix, suffix]) => !/[{}]/.test(prefix + suffix))
  .map(([base, route, prefix, suffix]) => {
    const slot = `${prefix}{{message}}${suffix}`;
    // Builds the route from the outside in: numbers become arrays, keys objects (JSON.parse style).
    const wrapped = route.reduceRight<JsonValue>((inner, step) => {
      if (typeof step === 'number') return [...Array.from({ length: step }, () => base), inner];
      return jsonObject([['other', base], [step, inner]]);
    }, slot);
    return { template: wrapped, steps: route, prefix, suffix };
  });

/** The value at `steps`, reading own properties only. */
function at(value: unknown, steps: Array<string | number>): unknown {
  return steps.reduce<unknown>((current, step) => {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
    return (current as Record<string, unknown>)[step];
  }, value);
}

/** The document as JSON text with the slot's value replaced by a marker (own keys, `__proto__` too). */
function withSlotBlanked(doc: JsonValue, steps: Array<string | number>): string {
  const copy = JSON.parse(JSON.stringify(doc)) as JsonValue;
  const parent = at(copy, steps.slice(0, -1));
  const last = steps.at(-1);
  if (last === undefined) return '"<slot>"';
  Object.defineProperty(parent as object, last, { value: '<slot>', enumerable: true, writable: true, configurable: true });
  return JSON.stringify(copy);
}

describe('template (property)', () => {
  it('renderString and renderValue never throw without setup values, whatever the text', () => {
    fc.assert(
      fc.property(template, vars, (value, v) => {
        const { setup: _ignored, ...noSetup } = v;
        renderValue(value, noSetup);
        if (typeof value === 'string') renderString(value, noSetup);
      }),
      { numRuns: 400 },
    );
  });

  it('with setup values, the only thing thrown is MissingSetupValue', () => {
    fc.assert(
      fc.property(template, vars, (value, v) => {
        try {
          renderValue(value, v);
        } catch (error) {
          expect(error).toBeInstanceOf(MissingSetupValue);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a compiled send template always gives valid JSON, equal to rendering everything in one pass', () => {
    fc.assert(
      fc.property(template, vars, text, (value, v, message) => {
        let render: (m: string) => string;
        try {
          render = compileSendTemplate(value, v);
        } catch (error) {
          expect(error).toBeInstanceOf(MissingSetupValue);
          return;
        }
        const sent = render(message);
        expect(JSON.parse(sent)).toEqual(JSON.parse(JSON.stringify(renderValue(value, { ...v, message }))));
      }),
      { numRuns: 400 },
    );
  });

  it('carries the user text exactly at the {{message}} slot, whatever the text and the other values', () => {
    fc.assert(
      fc.property(withSlot, vars, text, ({ template: value, steps, prefix, suffix }, v, message) => {
        const { setup: _ignored, ...noSetup } = v;
        const sent = compileSendTemplate(value, noSetup)(message);
        expect(at(JSON.parse(sent), steps)).toBe(`${prefix}${message}${suffix}`);
      }),
      { numRuns: 400 },
    );
  });

  it('never lets the user text reach any other value (compiled twice, only the slot differs)', () => {
    fc.assert(
      fc.property(withSlot, vars, text, text, ({ template: value, steps }, v, first, second) => {
        // Only the slot may hold {{message}} here; elsewhere it would rightly carry the text too.
        fc.pre(JSON.stringify(value).split('{{message}}').length === 2 && !/\{\{\s+message/.test(JSON.stringify(value)));
        const { setup: _ignored, ...noSetup } = v;
        const render = compileSendTemplate(value, noSetup);
        const a = JSON.parse(render(first)) as JsonValue;
        const b = JSON.parse(render(second)) as JsonValue;
        expect(withSlotBlanked(a, steps)).toBe(withSlotBlanked(b, steps));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a `__proto__` key of a parsed template as a key, with the text in it (found by the properties above)', () => {
    const parsed = JSON.parse('{"__proto__": {"text": "{{message}}"}, "type": "message"}') as JsonValue;
    expect(compileSendTemplate(parsed, {})('hi')).toBe('{"__proto__":{"text":"hi"},"type":"message"}');
    expect(JSON.stringify(renderValue(parsed, { message: 'hi' }))).toBe('{"__proto__":{"text":"hi"},"type":"message"}');
  });
});

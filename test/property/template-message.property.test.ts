/**
 * README "Config reference" template additions over arbitrary text: `{{message.seq}}`, `{{message.id}}` and
 * `{"$json": …}` always give valid JSON, and the user's text arrives exactly, whatever it holds —
 * also inside the JSON string that `$json` makes (Action Cable's `data`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/config/types.js';
import { compileSendTemplate, compileTemplate, renderValue } from '../../src/template.js';
import { json, jsonObject, key, text } from './arbitraries.js';

const env = fc.dictionary(fc.constantFrom('A', 'B'), text);
const seq = fc.integer({ min: 1, max: 1_000_000 });
const id = fc.uuid();

/** `{"$json": inner}` nested `depth` times around a template holding every message placeholder. */
const nestedJson = fc.tuple(fc.integer({ min: 1, max: 3 }), json).map(([depth, other]) => {
  let value: JsonValue = jsonObject([
    ['other', other],
    ['text', '{{message}}'],
    ['seq', '{{message.seq}}'],
    ['ref', 'id-{{message.id}}/{{env.A}}'],
  ]);
  for (let i = 0; i < depth; i += 1) value = { $json: value };
  return { value, depth, other };
});

function unwrap(value: unknown, depth: number): Record<string, unknown> {
  let current = value;
  for (let i = 0; i < depth; i += 1) {
    expect(typeof current).toBe('string');
    current = JSON.parse(current as string) as unknown;
  }
  return current as Record<string, unknown>;
}

describe('message placeholders and $json (property)', () => {
  it('{{message.seq}} alone is the number, {{message.id}} and {{message}} are the exact strings', () => {
    fc.assert(
      fc.property(text, seq, id, fc.string({ minLength: 1, maxLength: 4 }), (message, n, uuid, prefix) => {
        fc.pre(!/[{}]/.test(prefix));
        const render = compileSendTemplate({ seq: '{{message.seq}}', n: `${prefix}{{message.seq}}`, id: '{{ message.id }}', text: '{{message}}' }, {});
        expect(JSON.parse(render({ text: message, seq: n, id: uuid }))).toStrictEqual({ seq: n, n: `${prefix}${n}`, id: uuid, text: message });
      }),
      { numRuns: 300 },
    );
  });

  it('$json puts the rendered value in as its compact JSON, the user text exact at any depth', () => {
    fc.assert(
      fc.property(nestedJson, env, text, seq, id, ({ value, depth, other }, vars, message, n, uuid) => {
        const sent = JSON.parse(compileSendTemplate({ data: value, text: 'x {{message}}' }, { env: vars })({ text: message, seq: n, id: uuid }));
        const inner = unwrap(sent.data, depth);
        // Compared as JSON text: own `constructor` keys defeat a structural comparison.
        expect(JSON.stringify(inner)).toBe(JSON.stringify(jsonObject([
          ['other', JSON.parse(JSON.stringify(renderValue(other, { env: vars, message, messageSeq: n, messageId: uuid }))) as JsonValue],
          ['text', message],
          ['seq', n],
          ['ref', `id-${uuid}/${vars.A ?? '{{env.A}}'}`],
        ])));
        expect(sent.text).toBe(`x ${message}`);
      }),
      { numRuns: 300 },
    );
  });

  it('the $json string is JSON.stringify of the value, keys in the order written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, json), { maxLength: 4 }), (entries) => {
        const inner = jsonObject(entries);
        fc.pre(!JSON.stringify(inner).includes('{{'));
        expect(renderValue({ $json: inner }, {})).toBe(JSON.stringify(inner));
        expect(compileTemplate({ $json: inner }, {})({ text: 'x' })).toBe(JSON.stringify(inner));
      }),
      { numRuns: 300 },
    );
  });

  it('compiled and one-pass rendering agree on $json, message placeholders aside', () => {
    fc.assert(
      fc.property(json, env, (value, vars) => {
        const wrapped = { $json: { value, a: '{{env.A}}' } };
        expect(compileTemplate(wrapped, { env: vars })({ text: 't', seq: 2, id: 'i' })).toStrictEqual(
          renderValue(wrapped, { env: vars, message: 't', messageSeq: 2, messageId: 'i' }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the send text is exactly JSON.stringify of the compiled value, for any template and message', () => {
    // compileSendTemplate writes JSON text directly (it is on every turn's path); it must never
    // differ from serialising the value compileTemplate builds: key order, $json, numbers, escapes.
    const template = fc.oneof(json, json.map((inner) => ({ $json: inner }) as JsonValue), fc.tuple(json, text).map(([a, t]) => [a, { $json: [t, a] }, t] as JsonValue));
    fc.assert(
      fc.property(template, env, text, seq, id, (value, vars, message, n, uuid) => {
        const sent = { text: message, seq: n, id: uuid };
        expect(compileSendTemplate(value, { env: vars })(sent)).toBe(JSON.stringify(compileTemplate(value, { env: vars })(sent)));
      }),
      { numRuns: 500 },
    );
  });

  it('an object with $json beside other keys is an ordinary object', () => {
    expect(renderValue({ $json: { a: 1 }, b: 2 }, {})).toStrictEqual({ $json: { a: 1 }, b: 2 });
  });

  it('Action Cable: the README example, with quotes and a newline in the text', () => {
    const render = compileSendTemplate(
      { command: 'message', identifier: { $json: { channel: 'ChatChannel' } }, data: { $json: { action: 'speak', text: '{{message}}' } } },
      {},
    );
    expect(render('say "hi"\nnow')).toBe(
      '{"command":"message","identifier":"{\\"channel\\":\\"ChatChannel\\"}","data":"{\\"action\\":\\"speak\\",\\"text\\":\\"say \\\\\\"hi\\\\\\"\\\\nnow\\"}"}',
    );
  });
});

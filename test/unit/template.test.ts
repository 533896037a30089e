/**
 * src/template.ts: placeholders are replaced inside parsed JSON strings, never in JSON text, so
 * user text can never break or re-enter the template (README "Config reference" "Placeholders").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/config/types.js';
import {
  compileSendTemplate,
  MissingSetupValue,
  parsePlaceholder,
  placeholdersIn,
  renderString,
  renderValue,
  type TemplateVars,
} from '../../src/template.js';

const vars: TemplateVars = { simulationId: 'sim-1', caseId: 'case-1', env: { TOKEN: 'abc' } };

describe('compileSendTemplate', () => {
  const tricky = [
    'He said "hi"',
    'back\\slash \\n not a newline',
    'line one\nline two\r\n\ttab',
    'emoji 😀 and 👩‍👩‍👧 and é',
    'literal {{message}} and {{ message }} and {{simulation.id}}',
    '{"type":"injected"}',
    '',
    '\u0000\u2028\u2029',
  ];

  it.each(tricky)('puts the user text in exactly: %j', (text) => {
    const render = compileSendTemplate({ type: 'message', text: '{{message}}' }, vars);
    expect(JSON.parse(render(text))).toEqual({ type: 'message', text });
  });

  it('fills a nested template and keeps non-string values and keys as they are', () => {
    const template: JsonValue = {
      event: 'user_message',
      '{{message}}': 'key is not templated',
      payload: { text: 'You: {{message}}!', parts: ['{{message}}', 1, true, null], meta: { sim: '{{simulation.id}}', c: '{{case.id}}' } },
      token: '{{env.TOKEN}}',
    };
    const render = compileSendTemplate(template, vars);
    expect(JSON.parse(render('a "b"'))).toEqual({
      event: 'user_message',
      '{{message}}': 'key is not templated',
      payload: { text: 'You: a "b"!', parts: ['a "b"', 1, true, null], meta: { sim: 'sim-1', c: 'case-1' } },
      token: 'abc',
    });
  });

  it('replaces every {{message}} in one string, whitespace in the braces allowed', () => {
    const render = compileSendTemplate({ text: '{{message}}/{{ message }}' }, vars);
    expect(JSON.parse(render('x'))).toEqual({ text: 'x/x' });
  });

  it('never rescans the inserted user text, for any text', () => {
    const render = compileSendTemplate({ a: { b: ['pre {{message}} post'] } }, vars);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(JSON.parse(render(text))).toEqual({ a: { b: [`pre ${text} post`] } });
      }),
    );
  });
});

describe('compileSendTemplate, values that look like placeholders', () => {
  // Rendering is one pass over the template: a value that merely contains the characters
  // `{{message}}` (from the environment or the setup answer) is data, not a placeholder.
  it('does not put the user text into an env value holding {{message}}', () => {
    const render = compileSendTemplate({ text: '{{env.PREFIX}} {{message}}' }, { env: { PREFIX: '{{message}}:' } });
    expect(JSON.parse(render('hi'))).toEqual({ text: '{{message}}: hi' });
  });

  it('does not put the user text into a setup value holding {{message}}', () => {
    const render = compileSendTemplate({ sid: '{{setup.id}}', text: '{{message}}' }, { setup: { id: 'a{{message}}b' } });
    expect(JSON.parse(render('hi'))).toEqual({ sid: 'a{{message}}b', text: 'hi' });
  });
});

describe('renderString', () => {
  it('keeps the JSON type of a whole-string {{setup.x}}', () => {
    const setup: JsonValue = { data: { port: 8080, flags: [1, 2], on: false, nested: { a: 'b' }, none: null, token: 't0k' } };
    expect(renderString('{{setup.data.port}}', { setup })).toBe(8080);
    expect(renderString('{{ setup.data.flags }}', { setup })).toEqual([1, 2]);
    expect(renderString('{{setup.data.on}}', { setup })).toBe(false);
    expect(renderString('{{setup.data.nested}}', { setup })).toEqual({ a: 'b' });
    expect(renderString('{{setup.data.none}}', { setup })).toBeNull();
    expect(renderString('{{setup.data.token}}', { setup })).toBe('t0k');
  });

  it('embeds setup values in a longer string as text (JSON for non-strings)', () => {
    const setup: JsonValue = { data: { token: 't0k', port: 8080, flags: [1, 2] } };
    expect(renderString('Bearer {{setup.data.token}}', { setup })).toBe('Bearer t0k');
    expect(renderString('p={{setup.data.port}} f={{setup.data.flags}}', { setup })).toBe('p=8080 f=[1,2]');
  });

  it('throws MissingSetupValue naming the path when the setup response lacks it', () => {
    const setup: JsonValue = { data: {} };
    expect(() => renderString('{{setup.data.token}}', { setup })).toThrow(MissingSetupValue);
    expect(() => renderString('x {{setup.data.token}}', { setup })).toThrow(/data\.token/);
  });

  it('leaves placeholders without a value as written, for a later pass', () => {
    expect(renderString('Bearer {{setup.data.token}}', {})).toBe('Bearer {{setup.data.token}}');
    expect(renderString('{{message}}', {})).toBe('{{message}}');
  });

  it('renders env, simulation and case ids', () => {
    expect(renderString('{{env.TOKEN}}:{{simulation.id}}:{{case.id}}', vars)).toBe('abc:sim-1:case-1');
  });

  it('does not read setup values through the prototype', () => {
    expect(() => renderString('{{setup.__proto__}}', { setup: {} })).toThrow(MissingSetupValue);
    expect(() => renderString('{{setup.constructor.name}}', { setup: {} })).toThrow(MissingSetupValue);
  });
});

describe('renderValue', () => {
  it('renders strings at any depth and leaves keys alone', () => {
    const value: JsonValue = { '{{case.id}}': ['{{simulation.id}}', { x: 'id={{case.id}}' }, 3] };
    expect(renderValue(value, vars)).toEqual({ '{{case.id}}': ['sim-1', { x: 'id=case-1' }, 3] });
  });
});

describe('parsePlaceholder / placeholdersIn', () => {
  it('knows the five kinds and nothing else', () => {
    expect(parsePlaceholder('message')).toEqual({ kind: 'message' });
    expect(parsePlaceholder('simulation.id')).toEqual({ kind: 'simulation.id' });
    expect(parsePlaceholder('case.id')).toEqual({ kind: 'case.id' });
    expect(parsePlaceholder('env.A_1')).toEqual({ kind: 'env', name: 'A_1' });
    expect(parsePlaceholder('setup.data.0.url')).toEqual({ kind: 'setup', path: 'data.0.url' });
    for (const bad of ['msg', 'env.', 'env.1X', 'env.A-B', 'setup.', 'simulation', 'Message']) {
      expect(parsePlaceholder(bad)).toBeNull();
    }
  });

  it('lists placeholders of string values only', () => {
    expect(placeholdersIn({ '{{a}}': ['{{message}}', 'x {{ env.X }} {{setup.y}}'], n: 1 })).toEqual(['message', 'env.X', 'setup.y']);
  });
});

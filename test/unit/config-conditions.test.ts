/** README "Config reference"–14.4 in the agent config: sendFrames, conditions, handshake captures and http steps. */
import { describe, expect, it } from 'vitest';
import { compileAnyOf, compileCondition } from '../../src/classify/condition.js';
import { parseAgentConfig } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const URL = 'ws://127.0.0.1:1/ws';

function problems(raw: Record<string, unknown>): ConfigIssue[] {
  try {
    parseAgentConfig({ connection: { url: URL }, ...raw }, { env: { KEY: 'k' } });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('conditions', () => {
  it('equals (a value or any of a list), exists and matches, and lists meaning all of them', () => {
    const frame = { a: { b: 'Hello' }, n: 3, obj: { x: [1] } };
    expect(compileCondition({ path: 'a.b', equals: ['Hi', 'Hello'] })(frame)).toBe(true);
    expect(compileCondition({ path: 'n', equals: '3' })(frame)).toBe(false);
    expect(compileCondition({ path: 'obj', equals: [{ x: [1] }] })(frame)).toBe(true);
    expect(compileCondition({ path: 'a.c', exists: false })(frame)).toBe(true);
    expect(compileCondition({ path: 'a.b', matches: '/^hel/i' })(frame)).toBe(true);
    expect(compileCondition({ path: 'n', matches: '^3$' })(frame)).toBe(true);
    expect(compileCondition([{ path: 'n', equals: 3 }, { path: 'a.b', exists: true }])(frame)).toBe(true);
    expect(compileCondition([{ path: 'n', equals: 3 }, { path: 'a.b', exists: false }])(frame)).toBe(false);
    expect(compileAnyOf([{ path: 'n', equals: 4 }, { path: 'n', equals: 3 }])!(frame)).toBe(true);
    expect(compileAnyOf([])).toBeNull();
  });

  it('a condition with no operator, several operators or a bad regex is a config error naming its path', () => {
    expect(problems({ messages: { errorWhen: [{ path: 'payload.status' }] } })).toEqual([
      { path: 'messages.errorWhen.0', message: 'condition on "payload.status" needs equals, exists or matches' },
    ]);
    expect(problems({ messages: { errorWhen: [[{ path: 'msg', equals: 'result' }, { path: 'error', exists: true, equals: 1 }]] } })).toEqual([
      { path: 'messages.errorWhen.0.1', message: 'condition on "error" takes one of equals, exists, not several' },
    ]);
    expect(problems({ handshake: { steps: [{ await: { path: 'x', matches: '/(/' } }] } })[0]?.path).toBe('handshake.steps.0.await.matches');
  });
});

describe('sendFrames', () => {
  it('conflicts with sendTemplate, and must carry {{message}}', () => {
    expect(problems({ messages: { sendTemplate: { text: '{{message}}' }, sendFrames: [{ text: '{{message}}' }] } })).toEqual([
      { path: 'messages.sendFrames', message: 'conflicts with messages.sendTemplate (give one or the other)' },
    ]);
    expect(problems({ messages: { sendFrames: [{ type: 'go' }] } })).toEqual([
      { path: 'messages.sendFrames', message: 'must contain {{message}} in one of its frames (where the user text goes)' },
    ]);
  });
});

describe('{{handshake.NAME}}', () => {
  const steps = [{ await: { path: 'event', equals: 'hello' }, capture: { sid: 'data.id' } }, { send: { sid: '{{handshake.sid}}' } }];

  it('is allowed after the step that captures it, in later steps, messages and the keepalive', () => {
    const config = parseAgentConfig(
      {
        connection: { url: URL, keepaliveMessage: { ping: '{{handshake.sid}}' } },
        messages: { sendTemplate: { text: '{{message}}', sid: '{{handshake.sid}}' } },
        handshake: { steps },
      },
      { env: {} },
    );
    expect(config.handshake.steps[0]?.capture).toEqual({ sid: 'data.id' });
  });

  it('that no step captures, or a later step captures, or that is used before the handshake is a config error', () => {
    expect(problems({ messages: { sendTemplate: { text: '{{message}}', t: '{{handshake.nope}}' } } })).toEqual([
      { path: 'messages.sendTemplate.t', message: '{{handshake.nope}}: no handshake step captures nope' },
    ]);
    expect(problems({ handshake: { steps: [steps[1], steps[0]] } })).toEqual([
      { path: 'handshake.steps.0.send.sid', message: '{{handshake.sid}}: sid is captured by step 2, which runs after this one' },
    ]);
    expect(problems({ connection: { url: URL, init: { s: '{{handshake.sid}}' } }, handshake: { steps } })).toEqual([
      { path: 'connection.init.s', message: '{{handshake.sid}} cannot be used here: it is rendered before any handshake step runs' },
    ]);
  });

  it('http steps take no send/await, need an http URL, and capture needs await or http', () => {
    expect(problems({ handshake: { steps: [{ http: { url: 'ws://x/auth' }, send: { a: 1 } }] } })).toEqual([
      { path: 'handshake.steps.0.http', message: 'an http step takes no send or await (give them a step of their own)' },
      { path: 'handshake.steps.0.http.url', message: 'must be an http:// or https:// URL' },
    ]);
    expect(problems({ handshake: { steps: [{ send: { a: 1 }, capture: { x: 'y' } }] } })).toEqual([
      { path: 'handshake.steps.0.capture', message: 'needs await or http (a capture reads the awaited frame or the response)' },
    ]);
  });
});

/** The config fields of README "Connecting to your agent" and README "Config reference": protocol, subprotocols, steps, keepaliveMessage, sendVia. */
import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const URL = 'wss://chat.example.com/ws';
const SIO_MESSAGES = { sendTemplate: { event: 'user_uttered', data: { message: '{{message}}' } } };

function parse(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const { connection, ...rest } = overrides;
  return parseAgentConfig({ connection: { url: URL, ...(connection as object) }, ...rest }, { env });
}

function problems(overrides: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): ConfigIssue[] {
  try {
    parse(overrides, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('connection.protocol and socketioPath', () => {
  it('takes socket.io with an http:// URL naming the namespace', () => {
    const config = parse({ connection: { protocol: 'socket.io', url: 'http://127.0.0.1:5005/chat', socketioPath: '/rasa.io' }, messages: SIO_MESSAGES });
    expect(config.connection).toMatchObject({ protocol: 'socket.io', socketioPath: '/rasa.io', url: 'http://127.0.0.1:5005/chat' });
  });

  it('keeps ws:// URLs for the json protocol and refuses an unknown protocol', () => {
    expect(problems({ connection: { url: 'http://chat.example.com' } })).toStrictEqual([
      { path: 'connection.url', message: 'must be a ws:// or wss:// URL' },
    ]);
    expect(problems({ connection: { protocol: 'mqtt' } })[0]).toMatchObject({ path: 'connection.protocol' });
  });

  it('refuses socketioPath without socket.io, subprotocols with it, and a path without a slash', () => {
    expect(problems({ connection: { socketioPath: '/x' } })).toStrictEqual([
      { path: 'connection.socketioPath', message: 'only allowed with protocol socket.io' },
    ]);
    expect(problems({ connection: { protocol: 'socket.io', subprotocols: ['a'] }, messages: SIO_MESSAGES })).toStrictEqual([
      { path: 'connection.subprotocols', message: 'not allowed with protocol socket.io (socket.io negotiates its own)' },
    ]);
    expect(problems({ connection: { protocol: 'socket.io', socketioPath: 'socket.io' }, messages: SIO_MESSAGES })).toStrictEqual([
      { path: 'connection.socketioPath', message: 'must start with /' },
    ]);
  });
});

describe('socket.io frames', () => {
  it('wants every frame it sends as an {event, data} and a send template (there is no default event)', () => {
    expect(problems({ connection: { protocol: 'socket.io', init: { type: 'x' } } })).toStrictEqual([
      { path: 'connection.init', message: 'must be a socket.io event { event: <name>, data: <value> } with protocol socket.io' },
      {
        path: 'messages.sendTemplate',
        message: 'required with protocol socket.io (e.g. { event: user_uttered, data: { message: "{{message}}" } })',
      },
    ]);
    expect(problems({ connection: { protocol: 'socket.io' }, messages: SIO_MESSAGES, handshake: { steps: [{ send: '{"a":1}' }] } })).toStrictEqual([
      { path: 'handshake.steps.0.send', message: 'must be a socket.io event { event: <name>, data: <value> } with protocol socket.io' },
    ]);
  });
});

describe('connection.subprotocols', () => {
  it('takes a list of names', () => {
    expect(parse({ connection: { subprotocols: ['graphql-transport-ws'] } }).connection.subprotocols).toStrictEqual(['graphql-transport-ws']);
  });

  it('refuses Sec-WebSocket-Protocol in headers, naming subprotocols', () => {
    expect(problems({ connection: { headers: { 'sec-websocket-protocol': 'graphql-ws' } } })).toStrictEqual([
      {
        path: 'connection.headers.sec-websocket-protocol',
        message: 'not allowed: list the subprotocols to offer in connection.subprotocols',
      },
    ]);
  });

  it('refuses a name that cannot go in the header', () => {
    expect(problems({ connection: { subprotocols: ['a b'] } })).toStrictEqual([
      { path: 'connection.subprotocols.0', message: 'not a valid subprotocol name' },
    ]);
  });
});

describe('handshake.steps', () => {
  it('takes send and await, send given as JSON text, await equals as a value or a list', () => {
    const config = parse({
      handshake: {
        steps: [
          { send: '{"type":"connection_init"}', await: { path: 'type', equals: 'connection_ack' } },
          { await: { path: 'result.ok', equals: [true, 1] } },
          { send: { id: '{{simulation.id}}', type: 'subscribe' } },
        ],
      },
    });
    expect(config.handshake.steps).toStrictEqual([
      { send: { type: 'connection_init' }, await: { path: 'type', equals: 'connection_ack' } },
      { await: { path: 'result.ok', equals: [true, 1] } },
      { send: { id: '{{simulation.id}}', type: 'subscribe' } },
    ]);
  });

  it('refuses an empty step, an unknown key and {{message}} in a step', () => {
    expect(problems({ handshake: { steps: [{}] } })).toStrictEqual([{ path: 'handshake.steps.0', message: 'needs send, await or both, or http' }]);
    expect(problems({ handshake: { steps: [{ send: { a: 1 }, wait: {} }] } })).toStrictEqual([
      { path: 'handshake.steps.0.wait', message: 'unknown key (did you mean await?)' },
    ]);
    expect(problems({ handshake: { steps: [{ send: { text: '{{message}}' } }] } })).toStrictEqual([
      { path: 'handshake.steps.0.send.text', message: '{{message}} is only allowed in messages.sendTemplate and messages.clickTemplate' },
    ]);
  });

  it('refuses an await without a path', () => {
    expect(problems({ handshake: { steps: [{ await: { equals: 'x' } }] } })[0]).toMatchObject({ path: 'handshake.steps.0.await.path' });
  });
});

describe('connection.keepaliveMessage', () => {
  it('takes JSON with placeholders, {"$json"} included', () => {
    const message = { command: 'ping', data: { $json: { token: '{{env.T}}' } } };
    expect(parse({ connection: { keepaliveMessage: message } }, { T: 'x' }).connection.keepaliveMessage).toStrictEqual(message);
  });
});

describe('messages.sendVia', () => {
  const http = { mode: 'http-first', url: undefined, setup: { url: 'https://dl.example.com/conversations', websocketUrlPath: 'streamUrl' } };

  it('applies its defaults and takes setup values, {{message.seq}} and {{message.id}}', () => {
    const config = parse({
      connection: http,
      messages: { sendVia: { url: 'https://dl.example.com/c/{{setup.conversationId}}/activities?n={{message.seq}}&id={{message.id}}' } },
    });
    expect(config.messages.sendVia).toStrictEqual({
      url: 'https://dl.example.com/c/{{setup.conversationId}}/activities?n={{message.seq}}&id={{message.id}}',
      method: 'POST',
      headers: {},
    });
  });

  it('refuses a ws:// URL, a bad header name, {{message}} in it and setup values in direct mode', () => {
    expect(
      problems({ messages: { sendVia: { url: 'ws://x', headers: { 'a b': '1', X: '{{message}}', Y: '{{setup.token}}' } } } }),
    ).toStrictEqual([
      { path: 'messages.sendVia.url', message: 'must be an http:// or https:// URL' },
      { path: 'messages.sendVia.headers.a b', message: 'not a valid header name' },
      { path: 'messages.sendVia.headers.X', message: '{{message}} is only allowed in messages.sendTemplate and messages.clickTemplate' },
      { path: 'messages.sendVia.headers.Y', message: '{{setup.token}} needs mode http-first (there is no setup response)' },
    ]);
  });

  it('allows {{message.seq}} and {{message.id}} only where a message is sent', () => {
    expect(problems({ connection: { init: { n: '{{message.seq}}' } } })).toStrictEqual([
      { path: 'connection.init.n', message: '{{message.seq}} is only allowed in messages.sendTemplate, messages.clickTemplate and messages.sendVia' },
    ]);
    expect(parse({ messages: { sendTemplate: { id: '{{message.id}}', seq: '{{message.seq}}', text: '{{message}}' } } }).messages.sendTemplate).toBeTruthy();
  });
});

/** The config fields of README "Frame formats": framing, binaryFrames and codec, and their config errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig, parseAgentConfig } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const URL = 'ws://127.0.0.1:9/ws';
const FIXTURES = resolve('test/fixtures/codecs');
const STOMP_SEND = { command: 'SEND', headers: { destination: '/app/chat' }, body: { text: '{{message}}' } };

function parse(connection: Record<string, unknown>, rest: Record<string, unknown> = {}) {
  return parseAgentConfig({ connection: { url: URL, ...connection }, ...rest }, { env: {}, baseDir: FIXTURES });
}

function problems(connection: Record<string, unknown>, rest: Record<string, unknown> = {}): ConfigIssue[] {
  try {
    parse(connection, rest);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('connection.framing', () => {
  it('defaults to json; a name or a list becomes the layers, a wrapping layer alone or last carrying JSON', () => {
    expect(parse({}).connection).toMatchObject({ framing: ['json'], binaryFrames: 'drop' });
    expect(parse({ framing: 'sockjs' }).connection.framing).toEqual(['sockjs', 'json']);
    expect(parse({ framing: ['sockjs'] }).connection.framing).toEqual(['sockjs', 'json']);
    expect(parse({ framing: 'signalr' }).connection.framing).toEqual(['signalr']);
    expect(parse({ framing: ['sockjs', 'stomp'] }, { messages: { sendTemplate: STOMP_SEND } }).connection.framing).toEqual(['sockjs', 'stomp']);
  });

  it('refuses a name that does not exist, a reading layer before another, and bytes inside SockJS', () => {
    expect(problems({ framing: 'mqtt' })[0]).toMatchObject({ path: 'connection.framing', message: expect.stringContaining('json, sockjs, signalr, stomp, msgpack') });
    expect(problems({ framing: ['sockjs', 'mqtt'] })[0]).toMatchObject({ path: 'connection.framing' });
    expect(problems({ framing: ['json', 'sockjs'] })).toStrictEqual([
      { path: 'connection.framing.0', message: 'json must be the last layer (it reads the messages itself; only sockjs carries another layer)' },
    ]);
    expect(problems({ framing: ['sockjs', 'msgpack'] })).toStrictEqual([
      { path: 'connection.framing.1', message: 'msgpack cannot go inside sockjs (its frames are binary, sockjs carries text)' },
    ]);
  });

  it('with stomp, every frame Parley sends must be a STOMP frame, and a sendTemplate is required', () => {
    expect(problems({ framing: 'stomp' })).toStrictEqual([
      { path: 'messages.sendTemplate', message: expect.stringContaining('required with framing stomp') },
    ]);
    expect(problems({ framing: 'stomp', init: { hello: 1 } }, { messages: { sendTemplate: STOMP_SEND }, handshake: { steps: [{ send: { command: 'connect' } }] } })).toStrictEqual([
      { path: 'connection.init', message: 'command must be a STOMP command in capitals (e.g. SEND) with framing stomp' },
      { path: 'handshake.steps.0.send', message: 'command must be a STOMP command in capitals (e.g. SEND) with framing stomp' },
    ]);
  });

  it('is not allowed with protocol socket.io', () => {
    const messages = { sendTemplate: { event: 'say', data: '{{message}}' } };
    expect(problems({ protocol: 'socket.io', framing: 'sockjs', binaryFrames: 'text' }, { messages })).toStrictEqual([
      { path: 'connection.framing', message: 'not allowed with protocol socket.io (socket.io has its own framing)' },
      { path: 'connection.binaryFrames', message: 'not allowed with protocol socket.io (socket.io has its own framing)' },
    ]);
  });
});

describe('connection.binaryFrames', () => {
  it('takes drop or text, and is refused where the framing reads bytes itself', () => {
    expect(parse({ binaryFrames: 'text' }).connection.binaryFrames).toBe('text');
    expect(problems({ binaryFrames: 'utf8' })[0]).toMatchObject({ path: 'connection.binaryFrames', message: expect.stringContaining('drop') });
    expect(problems({ framing: 'msgpack', binaryFrames: 'text' })).toStrictEqual([
      { path: 'connection.binaryFrames', message: 'not allowed with framing msgpack (it reads binary frames itself)' },
    ]);
  });
});

describe('connection.codec', () => {
  const temp = mkdtempSync(join(tmpdir(), 'parley-codec-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const agentFile = (codec: string) => {
    const file = join(temp, `agent-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ connection: { url: URL, codec } }));
    return file;
  };

  it('is resolved against the config file and imported at load', async () => {
    writeFileSync(join(temp, 'ok.mjs'), 'export const decode = (f) => [f]; export const encode = (v) => JSON.stringify(v);');
    const config = await loadAgentConfig(agentFile('./ok.mjs'), {});
    expect(config.connection.codec).toBe(join(temp, 'ok.mjs'));
  });

  it('refuses a missing file, one without decode or encode, a codec with framing, and placeholders', async () => {
    expect(problems({ codec: './nowhere.mjs' })).toStrictEqual([{ path: 'connection.codec', message: `file not found: ${join(FIXTURES, 'nowhere.mjs')}` }]);
    expect(problems({ codec: './lines.mjs', framing: 'json' })).toStrictEqual([
      { path: 'connection.codec', message: 'conflicts with connection.framing (give one or the other)' },
    ]);
    expect(problems({ codec: './{{env.X}}.mjs' }).map((issue) => issue.message)).toContain('placeholders are not allowed in a file path');
    expect(problems({ codec: './lines.mjs', binaryFrames: 'text' })).toStrictEqual([
      { path: 'connection.binaryFrames', message: 'not allowed with a codec (it reads binary frames itself)' },
    ]);
    writeFileSync(join(temp, 'half.mjs'), 'export function decode(frame) { return [frame]; }');
    const file = agentFile('./half.mjs');
    const error = await loadAgentConfig(file, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).issues).toStrictEqual([
      { path: 'connection.codec', message: `must export functions decode and encode (missing encode): ${join(temp, 'half.mjs')}` },
    ]);
  });
});

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { ensureAgentConfig } from '../../src/config/ensure.js';
import { loadAgentConfig, parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const temp = useTempDir('parley-config-');
const write = temp.write;

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

async function issuesOfLoad(promise: Promise<unknown>): Promise<ConfigIssue[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const URL = 'wss://chat.example.com/ws';
const SETUP = { url: 'https://api.example.com/v1/sessions', websocketUrlPath: 'data.websocket_url' };

/** Parses a config built from a minimal direct one, with an empty env unless one is given. */
function parse(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  return parseAgentConfig({ connection: { url: URL }, ...overrides }, { baseDir: temp.path(), env });
}

function problems(overrides: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): ConfigIssue[] {
  return issuesOf(() => parse(overrides, env));
}

function one(path: string, message: string): ConfigIssue[] {
  return [{ path, message }];
}

describe('defaults', () => {
  it('applies every default to a minimal direct config', () => {
    expect(parseAgentConfig({ connection: { url: URL } }, { baseDir: temp.path(), env: {} })).toStrictEqual({
      connection: {
        mode: 'direct',
        protocol: 'json',
        socketioPath: '/socket.io',
        url: URL,
        headers: {},
        connectTimeoutSeconds: 10,
        keepaliveSeconds: 15,
        framing: ['json'],
        binaryFrames: 'drop',
      },
      messages: {
        sendTemplate: { type: 'message', text: '{{message}}' },
        typePath: 'type',
        textTypes: ['message'],
        textPath: 'text',
        decode: [],
        typingTypes: [],
        turnEndTypes: [],
        endTypes: [],
        errorTypes: [],
        joinWith: '\n',
        autoReplies: [],
        errorWhen: [],
        endWhen: [],
        turnEndWhen: [],
        typingWhen: [],
        choicesPath: [],
        choiceTitlePath: 'title',
        choicePayloadPath: 'payload',
      },
      handshake: { readyWhen: [], timeoutSeconds: 30, steps: [] },
      coalesceSeconds: 2,
      responseTimeoutSeconds: 30,
      maxTurnSeconds: 120,
      env: {},
      baseDir: temp.path(),
    });
  });

  it('applies the setup defaults in http-first mode', () => {
    const config = parse({ connection: { mode: 'http-first', setup: SETUP } });
    expect(config.connection.setup).toStrictEqual({ ...SETUP, method: 'POST', headers: {} });
    expect(config.connection.url).toBeUndefined();
  });

  it('defaults tls.rejectUnauthorized to true', () => {
    expect(parse({ connection: { url: URL, tls: {} } }).connection.tls).toStrictEqual({ rejectUnauthorized: true });
  });

  it('uses the working directory as baseDir for a plain object', () => {
    expect(parseAgentConfig({ connection: { url: URL } }).baseDir).toBe(process.cwd());
  });

  it('gives every config its own default send template', () => {
    const first = parse();
    (first.messages.sendTemplate as Record<string, string>).text = 'changed';
    expect(parse().messages.sendTemplate).toStrictEqual({ type: 'message', text: '{{message}}' });
  });

  it('keeps given values over defaults', () => {
    const config = parse({
      name: 'bot',
      messages: { typePath: 'event', textTypes: ['a', 'b'], textPath: 'data.text' },
      handshake: { readyType: 'session_ready', timeoutSeconds: 5 },
      coalesceSeconds: 0,
      responseTimeoutSeconds: 1.5,
      maxTurnSeconds: 60,
    });
    expect(config.name).toBe('bot');
    expect(config.messages).toMatchObject({ typePath: 'event', textTypes: ['a', 'b'], textPath: 'data.text' });
    expect(config.handshake).toStrictEqual({ readyType: 'session_ready', readyWhen: [], timeoutSeconds: 5, steps: [] });
    expect([config.coalesceSeconds, config.responseTimeoutSeconds, config.maxTurnSeconds]).toStrictEqual([0, 1.5, 60]);
  });

  it('reads a single textTypes string as a one-item list', () => {
    expect(parse({ messages: { textTypes: 'bot_message' } }).messages.textTypes).toStrictEqual(['bot_message']);
  });

  it('treats an empty readyType as no ready message', () => {
    expect(parse({ handshake: { readyType: '' } }).handshake).toStrictEqual({ readyWhen: [], timeoutSeconds: 30, steps: [] });
  });

  it('allows keepaliveSeconds and coalesceSeconds of 0', () => {
    const config = parse({ connection: { url: URL, keepaliveSeconds: 0 }, coalesceSeconds: 0 });
    expect([config.connection.keepaliveSeconds, config.coalesceSeconds]).toStrictEqual([0, 0]);
  });

  it('upper-cases the setup method', () => {
    expect(parse({ connection: { mode: 'http-first', setup: { ...SETUP, method: 'put' } } }).connection.setup?.method).toBe('PUT');
  });
});

describe('files', () => {
  const yaml = [
    'name: support-bot',
    'connection:',
    `  url: ${URL}`,
    '  headers: { X-Tenant: acme }',
    '  init: { action: start_session }',
    'messages:',
    '  textTypes: bot_message',
    'coalesceSeconds: 1.5',
    '',
  ].join('\n');
  const json = JSON.stringify({
    name: 'support-bot',
    connection: { url: URL, headers: { 'X-Tenant': 'acme' }, init: { action: 'start_session' } },
    messages: { textTypes: 'bot_message' },
    coalesceSeconds: 1.5,
  });

  it('loads JSON, .yaml and .yml files to the same config, with baseDir the file folder', async () => {
    const fromJson = await loadAgentConfig(await write('agent.json', json), {});
    const fromYaml = await loadAgentConfig(await write('agent.yaml', yaml), {});
    const fromYml = await loadAgentConfig(await write('agent.yml', yaml), {});
    expect(fromYaml).toStrictEqual(fromJson);
    expect(fromYml).toStrictEqual(fromJson);
    expect(fromJson.baseDir).toBe(temp.path());
    expect(fromJson.connection.init).toStrictEqual({ action: 'start_session' });
    expect(fromJson.messages.textTypes).toStrictEqual(['bot_message']);
  });

  it('marks a loaded config as validated, so the engine takes it as it is', async () => {
    const config = await loadAgentConfig(await write('marked.json', json), {});
    expect(ensureAgentConfig(config)).toBe(config);
  });

  it('reads the extension case-insensitively', async () => {
    await expect(loadAgentConfig(await write('upper.YAML', yaml), {})).resolves.toMatchObject({ name: 'support-bot' });
  });

  it('refuses an unknown extension', async () => {
    const file = await write('agent.toml', 'name = "x"');
    expect(await issuesOfLoad(loadAgentConfig(file, {}))).toStrictEqual(
      one('', 'unsupported file type ".toml" (use .json, .yaml or .yml)'),
    );
    expect(await issuesOfLoad(loadAgentConfig(await write('agent', '{}'), {}))).toStrictEqual(
      one('', 'no file extension (use .json, .yaml or .yml)'),
    );
  });

  it('accepts a byte order mark', async () => {
    const file = await write('bom.json', `\uFEFF${JSON.stringify({ connection: { url: URL } })}`);
    expect((await loadAgentConfig(file, {})).connection.url).toBe(URL);
  });

  it('reports a missing file as a ConfigError naming the file', async () => {
    const file = join(temp.path(), 'nope.yaml');
    const error = await loadAgentConfig(file, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toStrictEqual(one('', 'cannot read file: no such file'));
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).code).toBe('config-invalid');
  });

  it('reports a folder as unreadable', async () => {
    await mkdir(join(temp.path(), 'folder.yaml'), { recursive: true });
    expect(await issuesOfLoad(loadAgentConfig(join(temp.path(), 'folder.yaml'), {}))).toStrictEqual(
      one('', 'cannot read file: it is a folder'),
    );
  });

  it('reports a JSON syntax error as one issue with its line', async () => {
    const file = await write('bad.json', '{\n  "connection": {\n    "url": "wss://x",\n  }\n}\n');
    expect(await issuesOfLoad(loadAgentConfig(file, {}))).toStrictEqual(
      one('', 'invalid JSON at line 4, column 3: expected double-quoted property name'),
    );
  });

  it('finds the line of a JSON error V8 gives no position for, without quoting the text', async () => {
    const file = await write('token.json', '{\n  "connection": {\n    "authorization": Bearer s3cret\n  }\n}');
    const issues = await issuesOfLoad(loadAgentConfig(file, {}));
    expect(issues).toStrictEqual(one('', "invalid JSON at line 3, column 22: unexpected token 'B'"));
  });

  it('reports a truncated JSON file at its end', async () => {
    const file = await write('cut.json', '{"connection": {');
    expect(await issuesOfLoad(loadAgentConfig(file, {}))).toStrictEqual(
      one('', "invalid JSON at line 1, column 17: expected property name or '}'"),
    );
  });

  it('reports a YAML syntax error as one issue with its line, without the source excerpt', async () => {
    const file = await write('bad.yaml', `connection:\n  url: ${URL}\n  authorization: Bearer: s3cret\n`);
    const error = (await loadAgentConfig(file, {}).catch((caught: unknown) => caught)) as ConfigError;
    expect(error.issues).toStrictEqual(
      one('', 'invalid YAML at line 3, column 18: nested mappings are not allowed in compact mappings'),
    );
    expect(error.message).not.toContain('s3cret');
  });

  it('reports duplicate YAML keys', async () => {
    const file = await write('dup.yaml', `connection:\n  url: ${URL}\n  url: ${URL}\n`);
    expect(await issuesOfLoad(loadAgentConfig(file, {}))).toStrictEqual(
      one('', 'invalid YAML at line 3, column 3: map keys must be unique'),
    );
  });

  it('reports an empty file and a file that is not an object', async () => {
    expect(await issuesOfLoad(loadAgentConfig(await write('empty.yaml', '\n'), {}))).toStrictEqual(
      one('', 'expected an object (key: value pairs), found nothing'),
    );
    expect(await issuesOfLoad(loadAgentConfig(await write('list.json', '[1]'), {}))).toStrictEqual(
      one('', 'expected an object (key: value pairs), found a list'),
    );
  });

  it('validates a loaded file and names it in the error', async () => {
    const file = await write('invalid.yaml', 'connection:\n  url: http://x\n');
    const error = (await loadAgentConfig(file, {}).catch((caught: unknown) => caught)) as ConfigError;
    expect(error.issues).toStrictEqual(one('connection.url', 'must be a ws:// or wss:// URL'));
    expect(error.message).toBe(`Invalid configuration in ${file}:\n  connection.url: must be a ws:// or wss:// URL`);
  });
});

describe('unknown keys', () => {
  it('reports each unknown key at every depth, one issue each, in file order', () => {
    expect(
      problems({
        coalesce: 2,
        connection: {
          mode: 'http-first',
          hedaers: {},
          setup: { ...SETUP, metod: 'POST' },
          tls: { ca: 'x' },
        },
        messages: { textpath: 'text', typepath: 'type' },
        handshake: { ready: 'x' },
      }),
    ).toStrictEqual([
      { path: 'connection.hedaers', message: 'unknown key (did you mean headers?)' },
      { path: 'connection.setup.metod', message: 'unknown key (did you mean method?)' },
      { path: 'connection.tls.ca', message: 'unknown key' },
      { path: 'coalesce', message: 'unknown key' },
      { path: 'messages.textpath', message: 'unknown key (did you mean textPath?)' },
      { path: 'messages.typepath', message: 'unknown key (did you mean typePath?)' },
      { path: 'handshake.ready', message: 'unknown key' },
    ]);
  });
});

describe('$schema, for editors', () => {
  it('takes a top-level "$schema" in an agent config or a test set and leaves it out of the result', () => {
    const schema = './schema/agent.schema.json';
    expect(parse({ $schema: schema })).toStrictEqual(parse());
    const tests = { cases: [{ id: 'a', turns: ['hi'] }] };
    expect(parseTestSet({ $schema: './schema/tests.schema.json', ...tests })).toStrictEqual(parseTestSet(tests));
  });

  it('is a string, and nowhere but the top', () => {
    expect(problems({ $schema: 1 })).toStrictEqual(one('$schema', 'must be a string'));
    expect(problems({ connection: { url: URL, $schema: 'x' } })).toStrictEqual(one('connection.$schema', 'unknown key'));
  });
});

describe('types and numbers', () => {
  it('requires connection', () => {
    expect(issuesOf(() => parseAgentConfig({}, { env: {} }))).toStrictEqual(one('connection', 'required'));
  });

  it.each([
    ['connectTimeoutSeconds', 0, 'must be greater than 0'],
    ['keepaliveSeconds', -1, 'must be 0 or more'],
  ])('checks connection.%s = %s', (key, value, message) => {
    expect(problems({ connection: { url: URL, [key]: value } })).toStrictEqual(one(`connection.${key}`, message));
  });

  it.each([
    ['coalesceSeconds', -0.5, 'must be 0 or more'],
    ['responseTimeoutSeconds', 0, 'must be greater than 0'],
    ['maxTurnSeconds', -1, 'must be greater than 0'],
    ['maxTurnSeconds', '120', 'must be a number'],
    ['coalesceSeconds', Number.POSITIVE_INFINITY, 'must be a finite number'],
    ['coalesceSeconds', Number.NaN, 'must be a finite number'],
    ['responseTimeoutSeconds', 3_000_000, 'must be at most 2147483'],
  ])('checks %s = %s', (key, value, message) => {
    expect(problems({ [key]: value })).toStrictEqual(one(key, message));
  });

  it('checks handshake.timeoutSeconds', () => {
    expect(problems({ handshake: { timeoutSeconds: 0 } })).toStrictEqual(one('handshake.timeoutSeconds', 'must be greater than 0'));
  });

  it('checks mode, name, textTypes and tls types', () => {
    expect(
      problems({
        name: 42,
        connection: { mode: 'websocket', url: URL, tls: { rejectUnauthorized: 'no' } },
        messages: { textTypes: [] },
      }),
    ).toStrictEqual([
      { path: 'connection.mode', message: 'must be one of direct, http-first' },
      { path: 'connection.tls.rejectUnauthorized', message: 'must be true or false' },
      { path: 'name', message: 'must be a string' },
      { path: 'messages.textTypes', message: 'must not be empty' },
    ]);
    expect(problems({ messages: { textTypes: 7 } })).toStrictEqual(
      one('messages.textTypes', 'must be a string or a list of strings'),
    );
  });

  it('wants header values as strings without line breaks, and valid, distinct header names', () => {
    expect(
      problems({
        connection: { url: URL, headers: { 'X-Version': 2, 'X-Split': 'a\r\nInjected: 1', 'Bad Name': 'x', 'x-tenant': 'a', 'X-Tenant': 'b' } },
      }),
    ).toStrictEqual([
      { path: 'connection.headers.X-Version', message: 'must be a string' },
      { path: 'connection.headers.X-Split', message: 'must not contain line breaks' },
      { path: 'connection.headers.Bad Name', message: 'not a valid header name' },
      { path: 'connection.headers.X-Tenant', message: 'repeats header x-tenant (header names ignore case)' },
    ]);
  });

  it('refuses an empty authorization and a non-JSON init from a library caller', () => {
    expect(problems({ connection: { url: URL, authorization: '', init: { at: new Date(0) } } })).toStrictEqual([
      { path: 'connection.authorization', message: 'must not be empty' },
      { path: 'connection.init', message: 'must be JSON data' },
    ]);
  });
});

describe('connection modes', () => {
  it('requires url in direct mode', () => {
    expect(problems({ connection: {} })).toStrictEqual(one('connection.url', 'required in direct mode'));
  });

  it('wants a ws:// or wss:// url', () => {
    expect(problems({ connection: { url: 'https://chat.example.com' } })).toStrictEqual(
      one('connection.url', 'must be a ws:// or wss:// URL'),
    );
    expect(problems({ connection: { url: 'wss://' } })).toStrictEqual(one('connection.url', 'must be a ws:// or wss:// URL'));
    expect(parse({ connection: { url: 'WS://localhost:8080/chat?t={{simulation.id}}' } }).connection.url).toBe(
      'WS://localhost:8080/chat?t={{simulation.id}}',
    );
  });

  it('checks the scheme of a url that comes from an env variable, without substituting it', () => {
    expect(parse({ connection: { url: '{{env.WS_URL}}' } }, { WS_URL: 'ws://localhost:1' }).connection.url).toBe('{{env.WS_URL}}');
    expect(problems({ connection: { url: '{{env.WS_URL}}' } }, { WS_URL: 'http://localhost:1' })).toStrictEqual(
      one('connection.url', 'must be a ws:// or wss:// URL'),
    );
  });

  it('refuses setup in direct mode', () => {
    expect(problems({ connection: { url: URL, setup: SETUP } })).toStrictEqual(
      one('connection.setup', 'not allowed in direct mode (set mode: http-first to use it)'),
    );
  });

  it('requires setup and refuses url in http-first mode', () => {
    expect(problems({ connection: { mode: 'http-first', url: URL } })).toStrictEqual([
      { path: 'connection.url', message: 'not allowed in http-first mode (the setup response gives the URL)' },
      { path: 'connection.setup', message: 'required in http-first mode' },
    ]);
  });

  it('wants an http:// or https:// setup url and a websocketUrlPath', () => {
    expect(
      problems({ connection: { mode: 'http-first', setup: { url: 'wss://api.example.com' } } }),
    ).toStrictEqual([
      { path: 'connection.setup.url', message: 'must be an http:// or https:// URL' },
      { path: 'connection.setup.websocketUrlPath', message: 'required' },
    ]);
    expect(problems({ connection: { mode: 'http-first', setup: { ...SETUP, websocketUrlPath: '' } } })).toStrictEqual(
      one('connection.setup.websocketUrlPath', 'must not be empty'),
    );
  });

  it('checks the setup method and refuses a body with GET', () => {
    expect(problems({ connection: { mode: 'http-first', setup: { ...SETUP, method: 'FETCH' } } })).toStrictEqual(
      one('connection.setup.method', 'must be one of GET, POST, PUT, PATCH, DELETE'),
    );
    expect(problems({ connection: { mode: 'http-first', setup: { ...SETUP, method: 'get', body: {} } } })).toStrictEqual(
      one('connection.setup.body', 'not allowed with method GET'),
    );
  });
});

describe('JSON given as strings', () => {
  it('parses init, sendTemplate and setup.body strings', () => {
    const config = parse({
      connection: {
        mode: 'http-first',
        init: '{"action": "start_session", "n": [1, 2]}',
        setup: { ...SETUP, body: '{"channel": "web"}' },
      },
      messages: { sendTemplate: '{"event": "chat", "body": "{{message}}"}' },
    });
    expect(config.connection.init).toStrictEqual({ action: 'start_session', n: [1, 2] });
    expect(config.connection.setup?.body).toStrictEqual({ channel: 'web' });
    expect(config.messages.sendTemplate).toStrictEqual({ event: 'chat', body: '{{message}}' });
  });

  it('keeps values that are already JSON, strings holding JSON scalars included', () => {
    expect(parse({ connection: { url: URL, init: [1, 'a', null] } }).connection.init).toStrictEqual([1, 'a', null]);
    expect(parse({ connection: { url: URL, init: '"hello"' } }).connection.init).toBe('hello');
  });

  it('reports strings that are not JSON at their path, without quoting them', () => {
    expect(
      problems({
        connection: { mode: 'http-first', init: '{action: start}', setup: { ...SETUP, body: 'Bearer s3cret' } },
        messages: { sendTemplate: '{"text": "{{message}}"' },
      }),
    ).toStrictEqual([
      { path: 'connection.init', message: 'not valid JSON: expected property name or \'}\' in JSON at position 1' },
      { path: 'connection.setup.body', message: "not valid JSON: unexpected token 'B'" },
      { path: 'messages.sendTemplate', message: "not valid JSON: expected ',' or '}' after property value in JSON at position 22" },
    ]);
  });

  it('refuses null, given directly or as JSON text', () => {
    expect(problems({ connection: { url: URL, init: null }, messages: { sendTemplate: 'null' } })).toStrictEqual([
      { path: 'connection.init', message: 'must not be null (leave it out instead)' },
      { path: 'messages.sendTemplate', message: 'must not be null (leave it out instead)' },
    ]);
  });

  it('wants {{message}} somewhere in the send template', () => {
    expect(problems({ messages: { sendTemplate: { type: 'message', text: 'hi' } } })).toStrictEqual(
      one('messages.sendTemplate', 'must contain {{message}} (where the user text goes)'),
    );
    expect(problems({ messages: { sendTemplate: '{"{{message}}": "text"}' } })).toStrictEqual(
      one('messages.sendTemplate', 'must contain {{message}} (where the user text goes)'),
    );
    expect(parse({ messages: { sendTemplate: { parts: [{ text: '{{ message }}' }] } } }).messages.sendTemplate).toStrictEqual({
      parts: [{ text: '{{ message }}' }],
    });
  });
});

describe('cross-field rules', () => {
  it('refuses authorization together with an Authorization header, whatever its case, without echoing either', () => {
    const issues = problems({ connection: { url: URL, authorization: 'Bearer s3cret', headers: { authorization: 'Bearer xyzzy' } } });
    expect(issues).toStrictEqual(
      one('connection.authorization', 'conflicts with connection.headers.authorization (give one or the other)'),
    );
    expect(JSON.stringify(issues)).not.toMatch(/s3cret|xyzzy/);
  });

  it('allows an Authorization header in setup.headers next to authorization', () => {
    const setup = { ...SETUP, headers: { Authorization: 'Bearer a' } };
    expect(parse({ connection: { mode: 'http-first', authorization: 'Bearer b', setup } }).connection.authorization).toBe('Bearer b');
  });

  it('refuses readyType with typePath ""', () => {
    expect(problems({ messages: { typePath: '' }, handshake: { readyType: 'session_ready' } })).toStrictEqual(
      one('handshake.readyType', 'cannot be used with messages.typePath "" (the ready message is found by its type)'),
    );
    expect(parse({ messages: { typePath: '' } }).messages.typePath).toBe('');
  });

  it('wants directionPath and outboundDirection together, naming the missing one', () => {
    expect(problems({ messages: { directionPath: 'direction' } })).toStrictEqual(
      one('messages.outboundDirection', 'required when messages.directionPath is set (or give messages.inboundDirection)'),
    );
    expect(problems({ messages: { outboundDirection: 'outbound' } })).toStrictEqual(
      one('messages.directionPath', 'required when messages.outboundDirection is set'),
    );
    expect(parse({ messages: { directionPath: 'body.direction', outboundDirection: 'Outbound' } }).messages).toMatchObject({
      directionPath: 'body.direction',
      outboundDirection: ['Outbound'],
    });
  });
});

describe('tls.caFile', () => {
  it('resolves a relative caFile against the config file folder', async () => {
    await mkdir(join(temp.path(), 'certs'), { recursive: true });
    await write('certs/ca.pem', 'not really a cert');
    const file = await write('tls.yaml', `connection:\n  url: ${URL}\n  tls: { caFile: ./certs/ca.pem, rejectUnauthorized: false }\n`);
    const config = await loadAgentConfig(file, {});
    expect(config.connection.tls).toStrictEqual({ caFile: join(temp.path(), 'certs', 'ca.pem'), rejectUnauthorized: false });
  });

  it('resolves against baseDir for a plain object', () => {
    expect(parse({ connection: { url: URL, tls: { caFile: 'certs/ca.pem' } } }).connection.tls?.caFile).toBe(join(temp.path(), 'certs', 'ca.pem'));
  });

  it('reports a caFile that does not exist, or is a folder, or holds placeholders', () => {
    expect(problems({ connection: { url: URL, tls: { caFile: 'missing.pem' } } })).toStrictEqual(
      one('connection.tls.caFile', `file not found: ${join(temp.path(), 'missing.pem')}`),
    );
    expect(problems({ connection: { url: URL, tls: { caFile: '.' } } })).toStrictEqual(
      one('connection.tls.caFile', `not a file: ${temp.path()}`),
    );
    expect(problems({ connection: { url: URL, tls: { caFile: '{{case.id}}.pem' } } })).toStrictEqual(
      one('connection.tls.caFile', 'placeholders are not allowed in a file path'),
    );
  });
});

describe('placeholders', () => {
  it('keeps placeholders as written and records only the env variables referenced', () => {
    const env = { AGENT_TOKEN: 't0k', API_TOKEN: 'a9i', UNUSED: 'x' };
    const config = parse(
      {
        connection: {
          mode: 'http-first',
          authorization: 'Bearer {{env.AGENT_TOKEN}}',
          init: { token: '{{simulation.id}}', case: '{{case.id}}', url: '{{setup.data.url}}' },
          setup: { ...SETUP, headers: { Authorization: 'Bearer {{ env.API_TOKEN }}' } },
        },
        messages: { sendTemplate: { token: '{{setup.data.token}}', text: '{{message}}' } },
      },
      env,
    );
    expect(config.env).toStrictEqual({ AGENT_TOKEN: 't0k', API_TOKEN: 'a9i' });
    expect(config.connection.authorization).toBe('Bearer {{env.AGENT_TOKEN}}');
    expect(config.connection.setup?.headers).toStrictEqual({ Authorization: 'Bearer {{ env.API_TOKEN }}' });
    expect(config.connection.init).toStrictEqual({ token: '{{simulation.id}}', case: '{{case.id}}', url: '{{setup.data.url}}' });
  });

  it('reads env from process.env by default', async () => {
    process.env.PARLEY_TEST_TOKEN = 'from-process';
    try {
      const file = await write('env.yaml', `connection:\n  url: ${URL}\n  authorization: "Bearer {{env.PARLEY_TEST_TOKEN}}"\n`);
      expect((await loadAgentConfig(file)).env).toStrictEqual({ PARLEY_TEST_TOKEN: 'from-process' });
    } finally {
      delete process.env.PARLEY_TEST_TOKEN;
    }
  });

  it('names an unset env variable', () => {
    expect(problems({ connection: { url: URL, authorization: 'Bearer {{env.AGENT_TOKEN}}' } })).toStrictEqual(
      one('connection.authorization', 'environment variable AGENT_TOKEN is not set'),
    );
    expect(problems({ connection: { url: '{{env.WS_URL}}' } })).toStrictEqual(
      one('connection.url', 'environment variable WS_URL is not set'),
    );
  });

  it('reports unknown placeholders at the string that holds them', () => {
    expect(
      problems({
        connection: { url: `${URL}?id={{session.id}}`, init: { a: ['{{env.bad-name}}'] } },
        messages: { sendTemplate: { text: '{{message}}', user: '{{user}}' } },
      }),
    ).toStrictEqual([
      { path: 'connection.url', message: 'unknown placeholder {{session.id}}' },
      { path: 'connection.init.a.0', message: 'unknown placeholder {{env.bad-name}}' },
      { path: 'messages.sendTemplate.user', message: 'unknown placeholder {{user}}' },
    ]);
  });

  it('allows {{message}} only in the send template', () => {
    expect(problems({ connection: { url: URL, init: '{"text": "{{message}}"}' } })).toStrictEqual(
      one('connection.init', '{{message}} is only allowed in messages.sendTemplate and messages.clickTemplate'),
    );
  });

  it('allows {{setup.x}} only in http-first mode, outside connection.setup', () => {
    expect(problems({ connection: { url: URL, headers: { 'X-Session': '{{setup.id}}' } } })).toStrictEqual(
      one('connection.headers.X-Session', '{{setup.id}} needs mode http-first (there is no setup response)'),
    );
    expect(problems({ connection: { mode: 'http-first', setup: { ...SETUP, body: { id: '{{setup.id}}' } } } })).toStrictEqual(
      one('connection.setup.body.id', '{{setup.id}} cannot be used in connection.setup (the setup response does not exist yet)'),
    );
  });

  it('refuses placeholders outside connection and messages.sendTemplate', () => {
    expect(problems({ name: 'bot {{env.STAGE}}', messages: { textPath: '{{env.PATH}}' } }, { STAGE: 'x' })).toStrictEqual([
      { path: 'name', message: 'placeholders are only allowed in connection, handshake.steps.*.send, handshake.steps.*.http, messages.sendTemplate, messages.sendFrames, messages.clickTemplate, messages.sendVia, messages.inboundDirection and messages.autoReplies.*.send' },
      { path: 'messages.textPath', message: 'placeholders are only allowed in connection, handshake.steps.*.send, handshake.steps.*.http, messages.sendTemplate, messages.sendFrames, messages.clickTemplate, messages.sendVia, messages.inboundDirection and messages.autoReplies.*.send' },
    ]);
  });
});

describe('many mistakes at once', () => {
  it('reports every problem of a file together', async () => {
    const file = await write(
      'many.yaml',
      [
        'connection:',
        '  url: http://chat.example.com',
        '  hedaers: { X-Tenant: acme }',
        '  authorization: "Bearer {{env.MISSING_TOKEN}}"',
        '  headers: { Authorization: "Bearer s3cret" }',
        '  connectTimeoutSeconds: 0',
        '  init: "{not json"',
        'messages:',
        '  sendTemplate: { text: hello }',
        '  directionPath: direction',
        'handshake: { readyType: ready, timeoutSeconds: -1 }',
        'coalesceSeconds: fast',
        '',
      ].join('\n'),
    );
    const error = (await loadAgentConfig(file, {}).catch((caught: unknown) => caught)) as ConfigError;
    expect(error.issues).toStrictEqual([
      { path: 'connection.url', message: 'must be a ws:// or wss:// URL' },
      { path: 'connection.hedaers', message: 'unknown key (did you mean headers?)' },
      { path: 'connection.authorization', message: 'environment variable MISSING_TOKEN is not set' },
      { path: 'connection.authorization', message: 'conflicts with connection.headers.Authorization (give one or the other)' },
      { path: 'connection.connectTimeoutSeconds', message: 'must be greater than 0' },
      { path: 'connection.init', message: "not valid JSON: expected property name or '}' in JSON at position 1" },
      { path: 'messages.sendTemplate', message: 'must contain {{message}} (where the user text goes)' },
      { path: 'messages.outboundDirection', message: 'required when messages.directionPath is set (or give messages.inboundDirection)' },
      { path: 'handshake.timeoutSeconds', message: 'must be greater than 0' },
      { path: 'coalesceSeconds', message: 'must be a number' },
    ]);
    expect(error.message.split('\n')).toHaveLength(11);
    expect(error.message).not.toContain('s3cret');
  });
});

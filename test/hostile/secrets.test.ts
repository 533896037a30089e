/**
 * Secrets never show (README "Error codes"): with an authorization from `{{env.*}}`, an API key, a cookie, a
 * setup credential and a session token from `{{setup.*}}`, and agents that quote those back in a
 * close reason, a redirect or where the URL belongs, no output of the library holds any of them:
 * results, the JSONL file, summaries, errors (thrown and in results), the trace file, ConfigErrors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig, parseAgentConfig } from '../../src/config/load.js';
import { connect } from '../../src/engine/connect.js';
import { createTraceWriter } from '../../src/observe/trace.js';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { directConfig, httpFirstConfig } from './support/config.js';
import { runCases } from './support/run.js';
import { API_KEY, COOKIE, ENV_TOKEN, expectNoSecrets, SECRET_ENV, secretConnection, secretSetup, SETUP_AUTH } from './support/secrets.js';

let pool: HostilePool;
let dir: string;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-secrets-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const parse = (raw: Record<string, unknown>) => parseAgentConfig(raw, { env: SECRET_ENV });

describe('no secret in what a run produces', () => {
  it('direct mode: results, JSONL, summary, trace and error messages, with an agent quoting the credentials', async () => {
    const config = parse(directConfig(`${pool.origin}/{{case.id}}`, { connection: secretConnection() }));
    const out = join(dir, 'direct.jsonl');
    const tracePath = join(dir, 'direct-trace.jsonl');
    const trace = createTraceWriter(tracePath);
    let run;
    try {
      run = await runCases(
        config,
        [{ id: 'good/1' }, { id: 'close-with-secret/1' }, { id: 'status-401/1' }, { id: 'junk/1' }, { id: 'mute/1' }],
        { out, inspect: trace.inspect },
      );
    } finally {
      trace.close();
    }
    // The agents really received the credentials, so there was something to leak.
    expect(pool.upgrades.some((headers) => headers.authorization === `Bearer ${ENV_TOKEN}`)).toBe(true);
    expect(pool.upgrades.some((headers) => headers['x-api-key'] === API_KEY && headers.cookie === COOKIE)).toBe(true);
    const closed = run.result('close-with-secret/1');
    expect(closed.error?.code).toBe('agent-closed');
    expect(closed.error?.message).toContain('rejected Bearer ****');

    expectNoSecrets(run.results, 'results');
    expectNoSecrets(run.summary, 'summary');
    expectNoSecrets(readFileSync(out, 'utf8'), 'results file');
    const traced = readFileSync(tracePath, 'utf8');
    expect(traced.length).toBeGreaterThan(0);
    expectNoSecrets(traced, 'trace file');
  });

  it('http-first: a setup response token in a header, an echoed credential as the URL, a redirect carrying it', async () => {
    const raw = httpFirstConfig(`http://127.0.0.1:${pool.port}/setup/{{case.id}}`, {
      connection: { ...secretConnection(), headers: { ...secretConnection().headers, 'X-Session-Token': '{{setup.data.token}}' } },
      setup: secretSetup(),
    });
    const config = parse(raw);
    const tracePath = join(dir, 'setup-trace.jsonl');
    const trace = createTraceWriter(tracePath);
    let run;
    try {
      run = await runCases(config, [{ id: 'good/1' }, { id: 'good/close-with-secret' }, { id: 'echo-auth-url/1' }, { id: 'redirect-with-secret/1' }], {
        inspect: trace.inspect,
      });
    } finally {
      trace.close();
    }
    expect(run.result('good/1').verdict).toBe('passed');
    expect(run.result('good/close-with-secret').error?.message).toMatch(/rejected Bearer \*\*\*\* \*\*\*\*/);
    expect(run.result('echo-auth-url/1').error).toMatchObject({ code: 'setup-no-url' });
    expect(run.result('echo-auth-url/1').error?.message).toContain('Basic ****');
    expect(run.result('redirect-with-secret/1').error).toMatchObject({ code: 'setup-failed' });

    expectNoSecrets(run.results, 'results');
    expectNoSecrets(run.summary, 'summary');
    expectNoSecrets(readFileSync(tracePath, 'utf8'), 'trace file');
  });
});

describe('no secret in what the library throws', () => {
  it('connect(): the rejection of a refused upgrade, and of a send after the agent closed quoting the credentials', async () => {
    const refused = await connect(parse(directConfig(pool.wsUrl('status-401'), { connection: secretConnection() }))).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'connect-failed' });
    expectNoSecrets(refused, 'connect() rejection');

    const conversation = await connect(parse(directConfig(pool.wsUrl('close-with-secret'), { connection: secretConnection() })));
    try {
      await conversation.send('hello').catch(() => undefined);
      const after = await conversation.send('again').catch((error: unknown) => error);
      expect(after).toMatchObject({ code: 'agent-closed' });
      expectNoSecrets(after, 'send() rejection');
      expectNoSecrets(await conversation.done, 'conversation outcome');
      expectNoSecrets(conversation.transcript, 'conversation transcript');
    } finally {
      await conversation.close();
    }
  });

  it('ConfigError: invalid files and objects holding credentials never quote them', async () => {
    const invalid: Array<Record<string, unknown>> = [
      // A credential with a line break, and authorization given twice.
      { connection: { url: 'ws://127.0.0.1:1/x', authorization: `Bearer ${ENV_TOKEN}`, headers: { Authorization: `Bearer ${ENV_TOKEN}`, 'X-Api-Key': `${API_KEY}\n` } } },
      // Init and sendTemplate as broken JSON text around a credential.
      { connection: { url: 'ws://127.0.0.1:1/x', init: `{"token": "${ENV_TOKEN}", }` }, messages: { sendTemplate: `{"key": ${API_KEY}}` } },
      // A URL holding a credential, with the wrong scheme; a credential under an unknown key.
      { connection: { url: `htp://127.0.0.1:1/?key=${API_KEY}`, hedaers: { Cookie: COOKIE } } },
      // A credential where a number belongs, and as an unknown placeholder's neighbour.
      { connection: { url: 'ws://127.0.0.1:1/x', connectTimeoutSeconds: ENV_TOKEN, authorization: `Bearer ${SETUP_AUTH} {{env}}` } },
      // http-first with a credential in a wrong method and a bad setup URL.
      { connection: { mode: 'http-first', setup: { url: `ftp://${SETUP_AUTH}@127.0.0.1/`, method: SETUP_AUTH, websocketUrlPath: 'u', headers: { Authorization: SETUP_AUTH } } } },
    ];
    for (const raw of invalid) {
      const error = (() => {
        try {
          parseAgentConfig(raw, { env: SECRET_ENV });
        } catch (caught) {
          return caught;
        }
        throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(raw))}`);
      })();
      expect(error).toMatchObject({ code: 'config-invalid' });
      expectNoSecrets(error, 'ConfigError');
    }

    // The same through files: a YAML syntax error on the line holding the secret, and JSON.
    const yaml = join(dir, 'broken.yaml');
    writeFileSync(yaml, `connection:\n  url: ws://127.0.0.1:1/x\n  authorization: "Bearer ${ENV_TOKEN}\n  headers: { X-Api-Key: ${API_KEY} \n`);
    const json = join(dir, 'broken.json');
    writeFileSync(json, `{"connection": {"url": "ws://127.0.0.1:1/x", "authorization": "Bearer ${ENV_TOKEN}" "headers": {}}}`);
    for (const file of [yaml, json]) {
      const error = await loadAgentConfig(file, SECRET_ENV).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'config-invalid' });
      expectNoSecrets(error, `ConfigError of ${file}`);
    }
  });
});

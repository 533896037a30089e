/**
 * Secrets never show in what the CLI prints or writes (README "Error codes"): `parley run` (human and --json
 * summaries, progress on stderr, the --out results, the --trace file) and `parley probe`, against
 * agents that quote the credentials back, and `run` with an invalid agent file. Runs the built CLI
 * (dist/src/cli/main.js), which `npm test` builds first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { API_KEY, COOKIE, ENV_NAME, ENV_TOKEN, expectNoSecrets, SECRET_ENV, SETUP_AUTH } from './support/secrets.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const CLI_LIMIT_MS = 20_000;

interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...SECRET_ENV, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley ${args[0]} still running after ${CLI_LIMIT_MS} ms`));
    }, CLI_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

let pool: HostilePool;
let dir: string;
beforeEach(async () => {
  pool = await startHostilePool();
  dir = mkdtempSync(join(tmpdir(), 'parley-cli-secrets-'));
});
afterEach(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An agent file whose every credential kind is set; `url` may hold `{{case.id}}`. */
function agentFile(name: string, connection: Record<string, unknown>): string {
  const file = join(dir, name);
  const agent = {
    connection: {
      authorization: `Bearer {{env.${ENV_NAME}}}`,
      headers: { 'X-Api-Key': API_KEY, Cookie: COOKIE },
      connectTimeoutSeconds: 1,
      keepaliveSeconds: 0,
      ...connection,
    },
    coalesceSeconds: 0.1,
    responseTimeoutSeconds: 1,
  };
  writeFileSync(file, JSON.stringify(agent, null, 2));
  return file;
}

describe('the CLI shows no secret', () => {
  it('run: summaries, progress, results file and trace, with agents quoting the credentials', async () => {
    const agent = agentFile('agent.json', { url: `${pool.origin}/{{case.id}}` });
    const tests = join(dir, 'tests.json');
    writeFileSync(tests, JSON.stringify({ cases: ['good/1', 'close-with-secret/1', 'status-401/1', 'mute/1'].map((id) => ({ id, turns: ['hello'] })) }));
    // Both at once: each CLI start costs a second or more on a loaded machine.
    const outcomes = await Promise.all(
      [false, true].map(async (json) => {
        const out = join(dir, `out-${json}.jsonl`);
        const trace = join(dir, `trace-${json}.jsonl`);
        const outcome = await cli(['run', '--agent', agent, '--tests', tests, '--out', out, '--trace', trace, ...(json ? ['--json'] : [])], dir);
        return { json, out, trace, outcome };
      }),
    );
    for (const { json, out, trace, outcome } of outcomes) {
      expect(outcome.code, outcome.stderr).toBe(1);
      expect(outcome.stdout + outcome.stderr).toMatch(/agent-closed/);
      expectNoSecrets(outcome.stdout, `run${json ? ' --json' : ''} stdout`);
      expectNoSecrets(outcome.stderr, `run${json ? ' --json' : ''} stderr`);
      expectNoSecrets(readFileSync(out, 'utf8'), 'run --out file');
      expectNoSecrets(readFileSync(trace, 'utf8'), 'run --trace file');
    }
    expect(pool.upgrades.some((headers) => headers.authorization === `Bearer ${ENV_TOKEN}`)).toBe(true);
  });

  it('probe: every step shown, against a good agent, one quoting the credentials, and a refusal', async () => {
    const behaviours = ['good', 'close-with-secret', 'status-401'] as const;
    const outcomes = await Promise.all(
      behaviours.map((behaviour) => cli(['probe', '--agent', agentFile(`probe-${behaviour}.json`, { url: pool.wsUrl(behaviour) }), '--message', 'hello'], dir)),
    );
    for (const [i, behaviour] of behaviours.entries()) {
      const outcome = outcomes[i]!;
      expect(outcome.code, outcome.stderr).toBe(behaviour === 'good' ? 0 : 1);
      expectNoSecrets(outcome.stdout, `probe ${behaviour} stdout`);
      expectNoSecrets(outcome.stderr, `probe ${behaviour} stderr`);
    }
  });

  it('probe, http-first: the setup request, its answer and the URL it gave', async () => {
    const agent = agentFile('probe-setup.json', {
      mode: 'http-first',
      headers: { 'X-Api-Key': API_KEY, Cookie: COOKIE, 'X-Session-Token': '{{setup.data.token}}' },
      setup: { url: `http://127.0.0.1:${pool.port}/setup/good/close-with-secret`, headers: { Authorization: `Basic ${SETUP_AUTH}` }, websocketUrlPath: 'data.url' },
    });
    const outcome = await cli(['probe', '--agent', agent], dir);
    expectNoSecrets(outcome.stdout, 'probe http-first stdout');
    expectNoSecrets(outcome.stderr, 'probe http-first stderr');
  });

  it('run with an invalid agent file: every problem listed, no credential quoted', async () => {
    const agent = join(dir, 'broken.yaml');
    writeFileSync(agent, `connection:\n  url: ws://127.0.0.1:1/x\n  authorization: "Bearer ${ENV_TOKEN}"\n  headers: { Authorization: ${API_KEY} }\n  init: '{"token": "${SETUP_AUTH}",}'\n`);
    const tests = join(dir, 'tests.yaml');
    writeFileSync(tests, 'cases: [{ id: a, turns: [hi] }]\n');
    const outcome = await cli(['run', '--agent', agent, '--tests', tests], dir);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr + outcome.stdout).toMatch(/connection\.authorization/);
    expectNoSecrets(outcome.stdout, 'invalid file stdout');
    expectNoSecrets(outcome.stderr, 'invalid file stderr');
  });
});


/**
 * `parley run` with a simulated user and a judge (README "Simulated users and judges") as users run it: the built CLI, the
 * support demo agent and the test model server, all on 127.0.0.1. Also the cache and its replay.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { assertBuilt, runCli } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

const SECRET = 'sk-e2e-secret-abcdef123456';

let agent: DemoAgent;
let model: ModelServer | undefined;
let files: Scratch;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startDemoAgent({ profile: 'support' });
});
afterEach(async () => {
  await Promise.all([agent.close(), model?.close(), files.cleanup()]);
  model = undefined;
});

const tests = {
  name: 'support-simulated',
  llm: { baseUrl: '{{env.PARLEY_LLM_BASE_URL}}', model: 'test-model', apiKey: '{{env.TEST_LLM_KEY}}', seed: 7 },
  cases: [
    {
      id: 'refund',
      simulate: { persona: 'A polite customer', goal: 'Get a refund for order 1234', firstMessage: 'my package never came' },
      judge: { criteria: ['Asks for the order number', 'Offers store credit'] },
    },
  ],
};

async function run(extra: string[], baseUrl: string) {
  const agentFile = await files.write('agent.yaml', agentConfig(agent.url));
  const testsFile = await files.write('tests.yaml', tests);
  const out = join(files.dir, `results-${extra.length}-${Date.now()}.jsonl`);
  const trace = join(files.dir, 'trace.jsonl');
  const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--trace', trace, ...extra], {
    env: { PARLEY_LLM_BASE_URL: baseUrl, TEST_LLM_KEY: SECRET },
    timeoutMs: 20_000,
  });
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { ...result, results: lines, everything: [result.stdout, result.stderr, readFileSync(out, 'utf8'), readFileSync(trace, 'utf8')].join('\n') };
}

describe('parley run with a simulated user and a judge', () => {
  it('shows the turn count on the progress line and each criterion in the summary; the key appears nowhere', async () => {
    model = await startModelServer({ user: ['order 1234', 'a refund please', '###STOP###'], judge: { 'Offers store credit': 'fail' } });
    const result = await run([], model.baseUrl);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/FAIL\s+refund \([^)]* · simulated, 3 turns, goal\)\s+\[judge-failed\] Judge: criterion not met: "Offers store credit"/);
    expect(result.stdout).toMatch(/Judgements:\n {2}refund · simulated, 3 turns, goal\n {4}pass Asks for the order number — Scripted verdict/);
    expect(result.stdout).toMatch(/ {4}FAIL Offers store credit — /);
    expect(result.results[0]).toMatchObject({ simulated: true, stopReason: 'goal', verdict: 'failed' });
    expect(model.requests.every((request) => request.authorization === `Bearer ${SECRET}`)).toBe(true);
    expect(result.everything).not.toContain(SECRET);
  });

  it('records every answer with --llm-cache and replays them with --llm-replay, without the model', async () => {
    model = await startModelServer({ user: ['order 1234', 'a refund please', '###STOP###'] });
    const cache = join(files.dir, 'cache');
    const first = await run(['--llm-cache', cache], model.baseUrl);
    expect(first.code, first.stderr).toBe(0);
    const entries = readdirSync(cache);
    expect(entries).toHaveLength(model.requests.length);
    expect(entries.every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);
    expect(entries.map((name) => readFileSync(join(cache, name), 'utf8')).join('')).not.toContain(SECRET);

    const served = model.requests.length;
    await model.close();
    model = undefined;
    const replay = await run(['--llm-cache', cache, '--llm-replay'], 'http://127.0.0.1:9/v1');
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.results[0]!.transcript).toEqual(
      (first.results[0]!.transcript as Array<Record<string, unknown>>).map((entry) => expect.objectContaining({ role: entry.role, text: entry.text }) as unknown),
    );
    expect(served).toBeGreaterThan(0);
  });

  it('is llm-failed when --llm-replay misses the cache, and a usage error without --llm-cache', async () => {
    const cache = join(files.dir, 'empty-cache');
    const miss = await run(['--llm-cache', cache, '--llm-replay'], 'http://127.0.0.1:9/v1');
    expect(miss.code).toBe(1);
    expect(miss.results[0]).toMatchObject({ verdict: 'error', error: { code: 'llm-failed' } });
    expect((miss.results[0]!.error as { message: string }).message).toMatch(/^Language model request failed: not in the --llm-cache folder/);

    const agentFile = await files.write('agent.yaml', agentConfig(agent.url));
    const testsFile = await files.write('tests.yaml', tests);
    const usage = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--llm-replay'], { env: { PARLEY_LLM_BASE_URL: 'http://127.0.0.1:9/v1', TEST_LLM_KEY: SECRET } });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--llm-replay needs --llm-cache');

    const notAFolder = await files.write('not-a-folder', 'x');
    const bad = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--llm-cache', notAFolder], { env: { PARLEY_LLM_BASE_URL: 'http://127.0.0.1:9/v1', TEST_LLM_KEY: SECRET } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`Cannot write the model cache (--llm-cache) to ${notAFolder}: it is a file, not a folder (ENOTDIR)`);
  });
});

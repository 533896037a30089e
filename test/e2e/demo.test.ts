import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, STACK_FRAME } from './helpers/cli.js';
import { scratch, type Scratch } from './helpers/files.js';
import { startModelServer } from '../helpers/model-server.js';

let files: Scratch | undefined;

beforeAll(assertBuilt);
afterEach(async () => {
  await files?.cleanup();
  files = undefined;
});

describe('parley demo', () => {
  it('runs every bundled example against the demo agents and exits 0 in under 30 s, from any folder', async () => {
    files = await scratch();
    // No model configured here, whatever the machine running the tests has set.
    const result = await runCli(['demo'], { cwd: files.dir, timeoutMs: 40_000, env: { PARLEY_LLM_BASE_URL: '' } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.ms).toBeLessThan(30_000);
    for (const dir of ['simple', 'authenticated', 'http-first', 'custom-format', 'genesys', 'support', 'socketio', 'graphql', 'directline', 'jsonrpc', 'amazon-connect', 'streaming', 'typing', 'sockjs', 'stomp', 'stomp-sockjs', 'signalr', 'msgpack']) {
      expect(result.stdout).toContain(`── examples/${dir}`);
      expect(result.stdout).toMatch(new RegExp(`^ {2}${dir} +\\d+ passed, 0 failed, 0 error$`, 'm'));
    }
    // jsonrpc runs each of its 2 cases 50 times: the late login never races.
    expect(result.stdout).toMatch(/^ {2}jsonrpc +100 passed, 0 failed, 0 error$/m);
    expect(result.stdout).toMatch(/^ {2}total +141 passed, 0 failed, 0 error in /m);
    expect(result.stdout).toContain(
      '── Simulated users and judges ── examples/simulated\n   skipped: it needs a model. To run it:\n' +
        '     PARLEY_LLM_BASE_URL=http://127.0.0.1:11434/v1 PARLEY_LLM_MODEL=qwen2.5:7b-instruct npm start',
    );
    expect(result.stdout).toContain('agent: We open at 9 am and close at 5 pm.');
    expect(result.stdout).not.toContain('demo-token');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    // A dozen examples at once once put 11 abort listeners on one signal: no Node warning at all.
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 45_000);

  it('runs the simulated and judged example too when PARLEY_LLM_BASE_URL and PARLEY_LLM_MODEL point at a model', async () => {
    files = await scratch();
    const model = await startModelServer({ user: Array.from({ length: 30 }, () => 'order 1234, a refund please') });
    try {
      const env = { PARLEY_LLM_BASE_URL: model.baseUrl, PARLEY_LLM_MODEL: 'test-model' };
      const result = await runCli(['demo'], { cwd: files.dir, timeoutMs: 40_000, env });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^ {2}simulated +3 passed, 0 failed, 0 error$/m);
      expect(model.judgeRequests()).toHaveLength(3);
      expect(model.userRequests().every((request) => request.body.model === 'test-model' && request.body.seed === 7)).toBe(true);
    } finally {
      await model.close();
    }
  }, 45_000);
});

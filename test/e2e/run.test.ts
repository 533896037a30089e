import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { echoAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli, STACK_FRAME } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';
import { emptyDrops } from '../../machines/defaults.js';

let agent: CountingAgent;
let files: Scratch;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startCountingAgent(echoAfter(20));
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

const passingTests = {
  name: 'echoes',
  cases: [
    { id: 'one', turns: [{ user: 'hello', expect: { contains: 'echo: hello' } }] },
    { id: 'two', turns: ['hi', { user: 'again', expect: { matches: '^echo: again$' } }] },
  ],
};

const failingTests = {
  cases: [
    { id: 'good', turns: [{ user: 'hello', expect: { contains: 'hello' } }] },
    { id: 'bad', turns: [{ user: 'hello', expect: { contains: 'goodbye' } }] },
  ],
};

async function inputs(tests: unknown): Promise<{ agentFile: string; testsFile: string; out: string }> {
  return {
    agentFile: await files.write('agent.yaml', agentConfig(agent.url, { name: 'echo-bot' })),
    testsFile: await files.write('tests.yaml', tests),
    out: join(files.dir, 'results', 'run.jsonl'),
  };
}

function jsonLines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('parley run', () => {
  it('exits 0 when every simulation passes, with one JSON object on stdout for --json', async () => {
    const { agentFile, testsFile, out } = await inputs(passingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json', '--repeat', '2']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toStrictEqual(['total', 'passed', 'failed', 'error', 'latencyMs', 'errors', 'durationMs', 'out']);
    expect(summary).toMatchObject({ total: 4, passed: 4, failed: 0, error: 0, errors: {}, out });
    const latency = summary.latencyMs as Record<string, number>;
    // The agent answers 20 ms after each message: no median latency can be shorter (1 ms of timer slack).
    expect(latency.p50).toBeGreaterThanOrEqual(19);
    expect(latency.p95).toBeGreaterThanOrEqual(latency.p50!);
    expect(latency.max).toBeGreaterThanOrEqual(latency.p95!);
    expect(typeof summary.durationMs).toBe('number');
  });

  it('writes one JSONL line per simulation to --out', async () => {
    const { agentFile, testsFile, out } = await inputs(passingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json', '--repeat', '2']);
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(out);
    expect(lines).toHaveLength(4);
    expect(lines.map((line) => `${String(line.caseId)}#${String(line.iteration)}`).sort()).toStrictEqual(['one#1', 'one#2', 'two#1', 'two#2']);
    for (const line of lines) {
      expect(line).toMatchObject({ verdict: 'passed', error: null, dropped: emptyDrops() });
      expect(line.timings).toMatchObject({ setupMs: null, handshakeMs: null });
    }
    const two = lines.find((line) => line.caseId === 'two')!;
    expect(two.transcript).toMatchObject([
      { role: 'user', text: 'hi' },
      { role: 'agent', text: 'echo: hi' },
      { role: 'user', text: 'again' },
      { role: 'agent', text: 'echo: again', messages: ['echo: again'] },
    ]);
  });

  it('replaces an existing --out file rather than appending to it', async () => {
    const { agentFile, testsFile, out } = await inputs(passingTests);
    for (let i = 0; i < 2; i++) {
      const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json']);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(jsonLines(out)).toHaveLength(2);
  });

  it('exits 1 when a case fails, with a human summary naming the failing case and its error', async () => {
    const { agentFile, testsFile, out } = await inputs(failingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/echo-bot: 2 simulations in/);
    expect(result.stdout).toMatch(/passed\s+1/);
    expect(result.stdout).toMatch(/failed\s+1/);
    expect(result.stdout).toMatch(/error\s+0/);
    expect(result.stdout).toMatch(/reply latency\s+p50 \d+ ms · p95 \d+ ms · max \d+ ms/);
    expect(result.stdout).toMatch(/errors\s+expectation-failed 1/);
    expect(result.stdout).toMatch(/FAIL\s+bad\s+\[expectation-failed\] Expectation failed: the reply to turn 1 contains "goodbye" — got "echo: hello"/);
    expect(result.stdout).not.toMatch(/FAIL\s+good/);
    expect(result.stdout).toContain(`Results: ${out}`);
    expect(jsonLines(out).map((line) => line.verdict).sort()).toStrictEqual(['failed', 'passed']);
  });

  it('exits 1 with --json when a case fails, counting errors by code', async () => {
    const { agentFile, testsFile, out } = await inputs(failingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, passed: 1, failed: 1, error: 0, errors: { 'expectation-failed': 1 } });
  });

  it('shows a line per finished simulation on stderr when it is not a terminal', async () => {
    const { agentFile, testsFile, out } = await inputs(failingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--concurrency', '1']);
    const lines = result.stderr.split('\n').filter((line) => /^\[\d\/2\]/.test(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[1\/2\] PASS {2}good \(\d+ ms\)$/);
    expect(lines[1]).toMatch(/^\[2\/2\] FAIL {2}bad \(\d+ ms\) {2}\[expectation-failed\]/);
  });

  it('counts an unreachable agent as error, not failed', async () => {
    const { testsFile, out } = await inputs(passingTests);
    const port = agent.port;
    await agent.close();
    const agentFile = await files.write('down.yaml', agentConfig(`ws://127.0.0.1:${port}/ws`));
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile, '--out', out, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, passed: 0, failed: 0, error: 2, errors: { 'connect-failed': 2 } });
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('writes to parley-results/<timestamp>.jsonl by default and prints the path', async () => {
    const { agentFile, testsFile } = await inputs(passingTests);
    const result = await runCli(['run', '--agent', agentFile, '--tests', testsFile], { cwd: files.dir });
    expect(result.code, result.stderr).toBe(0);
    const written = readdirSync(join(files.dir, 'parley-results'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.jsonl$/);
    expect(result.stdout).toContain(`Results: ${join('parley-results', written[0]!)}`);
    expect(existsSync(join(files.dir, 'parley-results', written[0]!))).toBe(true);
  });
});

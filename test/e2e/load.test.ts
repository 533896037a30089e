import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { startCountingAgent } from '../helpers/run-agent.js';
import { assertBuilt, runCli, startCli, STACK_FRAME } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let agent: DemoAgent;
let files: Scratch;

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
  agent = await startDemoAgent({ profile: 'busy', port: 0 });
});
afterEach(async () => {
  await agent.close();
  await files.cleanup();
});

const tests = {
  name: 'busy',
  cases: [
    { id: 'greeting', turns: [{ user: 'Hello', expect: { contains: 'help' } }] },
    { id: 'hours', turns: ['Hello', { user: 'When do you open?', expect: { contains: '9' } }] },
  ],
};

async function inputs(url = agent.url) {
  return {
    agentFile: await files.write('agent.yaml', agentConfig(url, { name: 'busy-bot', coalesceSeconds: 0.1 })),
    testsFile: await files.write('tests.yaml', tests),
    out: join(files.dir, 'load.jsonl'),
  };
}

const jsonLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

describe('parley load (README "Load testing")', () => {
  it('closed model: --json has run --json fields plus model, skipped, windows and thresholds; JSONL lines carry the window', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const result = await runCli(['load', '--agent', agentFile, '--tests', testsFile, '--users', '4', '--ramp', '500ms', '--duration', '2s', '--window', '500ms', '--threshold', 'reply.p95<5000', '--threshold', 'passed.rate>=0.9', '--json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, any>;
    expect(Object.keys(summary)).toEqual(['total', 'passed', 'failed', 'error', 'latencyMs', 'errors', 'durationMs', 'out', 'model', 'skipped', 'windows', 'thresholds']);
    expect(summary).toMatchObject({ model: 'users', skipped: 0, error: 0, out });
    expect(summary.thresholds).toEqual([
      { expr: 'reply.p95<5000', value: expect.any(Number), ok: true },
      { expr: 'passed.rate>=0.9', value: expect.any(Number), ok: true },
    ]);
    const windows = summary.windows as Array<Record<string, any>>;
    expect(windows.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(windows[0]!)).toEqual(['index', 'startMs', 'endMs', 'running', 'started', 'finished', 'passed', 'failed', 'error', 'errors', 'skipped', 'reply', 'complete']);
    expect(windows.map((w) => w.index)).toEqual(windows.map((_, i) => i));
    expect(windows[0]).toMatchObject({ startMs: 0, endMs: 500 });
    expect(windows.reduce((n, w) => n + w.started, 0)).toBe(summary.total);
    expect(windows.reduce((n, w) => n + w.finished, 0)).toBe(summary.total);
    // The ramp: users climb from 1 to 4 over the first half second, then stay at 4.
    expect(windows[1]!.running).toBe(4);
    const lines = jsonLines(out);
    expect(lines).toHaveLength(summary.total);
    const latencies = lines.flatMap((line) => line.transcript.filter((e: any) => e.role === 'agent').map((e: any) => e.latencyMs as number));
    expect(latencies.every((ms) => Math.round(ms * 10) === ms * 10)).toBe(true);
    expect(latencies.some((ms) => !Number.isInteger(ms))).toBe(true);
    // Each line says the window it started in; every window's starts are lines.
    const starts = windows.map((w) => lines.filter((line) => line.load.window === w.index).length);
    expect(starts).toEqual(windows.map((w) => w.started));
    // Every case round-robin, each with its own iterations.
    expect(new Set(lines.map((line) => line.caseId))).toEqual(new Set(['greeting', 'hours']));
    // The live table: a header and a row per window on stderr.
    expect(result.stderr).toMatch(/time +users +start +done +pass +fail +err +p50 +p95 +p99 +max +cp95 +skip +errors/);
    expect(result.stderr.match(/^ +\d+\.\ds +\d+/gm)!.length).toBe(windows.length);
  }, 20_000);

  it('open model: arrivals beyond --max-users are skipped and counted; a failed threshold exits 1 with its measured value; --html is written', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const html = join(files.dir, 'load.html');
    const result = await runCli(['load', '--agent', agentFile, '--tests', testsFile, '--rate', '20', '--max-users', '1', '--duration', '1s', '--window', '500ms', '--threshold', 'reply.p50<0.1', '--html', html, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^Threshold failed: reply\.p50<0\.1 \(measured \d+(\.\d)?\)$/m);
    expect(result.stdout).toMatch(/Load: 20\/s for [\d.]+s — \d+ simulations, \d+ replies, ([1-9]\d*) skipped/);
    expect(result.stdout).toMatch(/✗ reply\.p50<0\.1/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="chart-latency"');
    expect(page).toContain('reply.p50&lt;0.1');
  }, 20_000);

  it('an agent that goes down mid-load: every result kept, errors counted per window, thresholds still evaluated', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const child = startCli(['load', '--agent', agentFile, '--tests', testsFile, '--users', '2', '--duration', '1500ms', '--window', '500ms', '--threshold', 'error.rate<0.01', '--json', '--out', out]);
    // Down once the first window is out, so it had replies before.
    await child.waitForOutput(/^ +0\.5s /m, 10_000);
    await agent.close();
    const result = await child.exited(15_000);
    expect(result.code, result.stderr).toBe(1);
    const summary = JSON.parse(result.stdout) as Record<string, any>;
    expect(summary.error).toBeGreaterThan(0);
    expect(summary.passed).toBeGreaterThan(0);
    expect(summary.thresholds[0]).toMatchObject({ expr: 'error.rate<0.01', ok: false });
    const windows = summary.windows as Array<Record<string, any>>;
    expect(windows[0]!.error).toBe(0);
    // Which later window the failures land in depends on when the close is seen: on a busy machine
    // the last window may have started nothing.
    const failing = windows.slice(1).find((window) => window.error > 0);
    expect(failing, JSON.stringify(windows)).toBeDefined();
    expect(Object.keys(failing!.errors).length).toBeGreaterThan(0);
    expect(jsonLines(out)).toHaveLength(summary.total);
  }, 20_000);
});

describe('parley load: SIGINT', () => {
  it('stops arrivals, ends the running simulations cancelled, still prints the summary, exits 130', async () => {
    const { agentFile, testsFile, out } = await inputs();
    const child = startCli(['load', '--agent', agentFile, '--tests', testsFile, '--users', '3', '--duration', '1m', '--window', '300ms', '--out', out]);
    await child.waitForOutput(/^ +0\.3s /m, 10_000);
    child.child.kill('SIGINT');
    const result = await child.exited(10_000);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/Interrupted: ending running simulations as cancelled/);
    expect(result.stdout).toMatch(/Load: 3 users for [\d.]+m?s — \d+ simulations/);
    const lines = jsonLines(out);
    expect(lines.filter((line) => line.error?.code === 'cancelled').length).toBeGreaterThan(0);
    expect(result.ms).toBeLessThan(10_000);
  }, 20_000);
});

describe('parley load: bad input exits 2 naming the flag, before anything connects', () => {
  it.each([
    [['--users', '2', '--rate', '5'], /--users.*--rate.*not both/],
    [[], /give --users <n> \(closed model\) or --rate <r>/],
    [['--users', '0'], /--users <n>.*Expected a whole number from 1/],
    [['--rate', '-3'], /--rate <r>.*above zero/],
    [['--rate', '0:5'], /--rate <r>.*above zero/],
    [['--users', '2', '--duration', '0s'], /--duration <d>.*above zero/],
    [['--users', '2', '--ramp', '10s', '--duration', '5s'], /--ramp 10s is longer than --duration 5s/],
    [['--users', '2', '--threshold', 'latency.p95<200'], /--threshold <expr>.*unknown metric latency\.p95/],
    [['--users', '2', '--threshold', 'reply.p95=>200'], /--threshold <expr>.*unknown operator "=>"/],
    [['--users', '2', '--window', '5h'], /--window <d>.*Expected a duration/],
  ])('%j', async (flags, message) => {
    const counted = await startCountingAgent(() => undefined);
    try {
      const { agentFile, testsFile } = await inputs(counted.url);
      const result = await runCli(['load', '--agent', agentFile, '--tests', testsFile, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(counted.tcpConnections).toBe(0);
    } finally {
      await counted.close();
    }
  });
});

/**
 * README "Running on many machines", the queue's Redis going away mid-run: a Redis that comes back within `lostAfterMs`
 * costs the run nothing; one that stays away (killed, or hung with its sockets open) ends the run
 * with QueueLostError, the results that came kept, instead of a run that waits forever. Each test
 * has its own redis-server, since some of them kill it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentConfig, parseTestSet, type SimulationResult } from '../../src/index.js';
import { QueueLostError } from '../../src/queue/errors.js';
import { runOnQueue } from '../../src/queue/run.js';
import { assertBuilt } from '../e2e/helpers/cli.js';
import { scratch, type Scratch } from '../e2e/helpers/files.js';
import { Children, resultsIn, startQueueRun, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { replyOkAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';
import { sleep } from '../helpers/wait.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

let redis: TestRedis | null = null;
let agent: CountingAgent | null = null;
let files: Scratch | null = null;
let children = new Children();
/** A redis-server this test stopped with SIGSTOP, woken before it is killed. */
let paused = false;

function pause(on: boolean): void {
  process.kill(redis!.pid, on ? 'SIGSTOP' : 'SIGCONT');
  paused = on;
}

beforeAll(() => assertBuilt());
afterEach(async () => {
  if (paused) pause(false);
  children.killAll();
  children = new Children();
  await Promise.all([redis?.stop(), agent?.close(), files?.cleanup()]);
  [redis, agent, files] = [null, null, null];
});

/** `cases` one-turn cases against an agent that answers after `replyMs`, on a worker taking 4 at once. */
async function setUp(cases: number, replyMs: number) {
  [redis, agent, files] = await Promise.all([startRedis({ password: 's3cret' }), startCountingAgent(replyOkAfter(replyMs)), scratch()]);
  await startWorkerProcess(children, { url: redis.url, queueName: 'lost', concurrency: 4 });
  const config = parseAgentConfig({ connection: { url: agent.url, keepaliveSeconds: 0 }, coalesceSeconds: 0, responseTimeoutSeconds: 10 });
  const testSet = parseTestSet({ cases: Array.from({ length: cases }, (_, i) => ({ id: `case-${i + 1}`, turns: ['hello'] })) });
  const out = `${files.dir}/results.jsonl`;
  return { config, testSet, out, url: redis.url, agent };
}

const linesOf = (file: string): SimulationResult[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SimulationResult) : [];

describe.skipIf(noRedis)('the queue lost mid-run', () => {
  it('Redis killed: the run rejects with QueueLostError soon after lostAfterMs, keeping the results that came', async () => {
    const { config, testSet, out, url } = await setUp(12, 600);
    const results: SimulationResult[] = [];
    const run = runOnQueue(config, testSet, { url, queueName: 'lost', concurrency: 4, lostAfterMs: 2000, out, onResult: (r) => results.push(r) });
    run.catch(() => {});
    // The first four have reported and the next four are running.
    await expect.poll(() => results.length, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    const killedAt = Date.now();
    await redis!.stop();

    const error = await run.then(() => null, (e: unknown) => e);
    const tookMs = Date.now() - killedAt;
    expect(error).toBeInstanceOf(QueueLostError);
    const lost = error as QueueLostError;
    expect(lost.message).toMatch(/^Lost the queue at redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+: no answer for 2 s \(.+\)\. \d+ of 12 simulations reported; \d+ have no result\.$/);
    expect(lost.message).not.toContain('s3cret');
    expect(lost.counts).toEqual({ reported: results.length, planned: 12 });
    expect(results.length).toBeLessThan(12);
    expect(results.every((r) => r.verdict === 'passed')).toBe(true);
    // Every result that came is in the file, and nothing else.
    expect(linesOf(out).map((r) => r.caseId).sort()).toEqual(results.map((r) => r.caseId).sort());
    // Lost 2 s after its last answer (heartbeats every 0.5 s), then closed without waiting for Redis.
    expect(tookMs).toBeGreaterThanOrEqual(1400);
    expect(tookMs).toBeLessThan(8000);
  }, 40_000);

  it('Redis hung (its sockets open, nothing answered) past lostAfterMs: QueueLostError too', async () => {
    const { config, testSet, out, url } = await setUp(8, 600);
    const results: SimulationResult[] = [];
    const run = runOnQueue(config, testSet, { url, queueName: 'lost', concurrency: 4, lostAfterMs: 2000, out, onResult: (r) => results.push(r) });
    run.catch(() => {});
    await expect.poll(() => results.length, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    pause(true);

    const error = await run.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(QueueLostError);
    expect((error as QueueLostError).message).toContain('no answer for 2 s (it did not answer)');
  }, 40_000);

  it('Redis away for less than lostAfterMs: the run carries on and every simulation reports once', async () => {
    const { config, testSet, out, url } = await setUp(12, 600);
    const results: SimulationResult[] = [];
    const run = runOnQueue(config, testSet, { url, queueName: 'lost', concurrency: 4, lostAfterMs: 6000, out, onResult: (r) => results.push(r) });
    await expect.poll(() => results.length, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    pause(true);
    await sleep(1500);
    pause(false);

    const summary = await run;
    expect(summary).toMatchObject({ total: 12, passed: 12, cancelled: false });
    expect(results.map((r) => r.caseId).sort()).toEqual(testSet.cases.map((c) => c.id).sort());
  }, 40_000);

  it('parley run --queue: exit 2 with the message (password masked), the results that came and their summary, soon after --queue-timeout', async () => {
    const { url, agent: counting } = await setUp(12, 600);
    const run = await writeRunFiles(files!, counting.url, 12);
    const submitted = startQueueRun(children, run, { url, queueName: 'lost', concurrency: 4 }, ['--queue-timeout', '2']);
    await expect.poll(() => resultsIn(run.out).length, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(4);
    const killedAt = Date.now();
    await redis!.stop();

    const result = await submitted.exited(15_000);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/Lost the queue at redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+: no answer for 2 s \(.+\)\. \d+ of 12 simulations reported; \d+ have no result\./);
    expect(result.stderr + result.stdout).not.toContain('s3cret');
    const kept = resultsIn(run.out);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.every((r) => r.verdict === 'passed')).toBe(true);
    // The summary of what came is printed before the message (stdout: --json).
    expect(JSON.parse(result.stdout)).toMatchObject({ total: kept.length, passed: kept.length, out: run.out });
    // BullMQ's own words about jobs it lost track of never show.
    expect(result.stderr).not.toMatch(/Missing (key|lock) for job|moveToFinished/);
    // The process ends on its own: no Redis client is left reconnecting.
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  }, 40_000);
});

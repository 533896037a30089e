/**
 * SPEC §12 end to end: real `parley worker` processes and `parley run --queue` runs (the built
 * CLI) on a private redis-server, against an agent that counts its simultaneous conversations.
 * Each test uses its own queue name, so none depends on another.
 */
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/helpers/cli.js';
import { scratch, type Scratch } from '../e2e/helpers/files.js';
import { Children, planned, reported, resultsIn, startQueueRun, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { startCountingAgent, type CountingAgent } from './helpers/counting-agent.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

let redis: TestRedis;
let files: Scratch;
let children: Children;
let agent: CountingAgent | null;
let queueCount = 0;
const nextQueue = () => `scale-${++queueCount}`;

beforeAll(async () => {
  assertBuilt();
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  files = await scratch();
  children = new Children();
  agent = null;
});
afterEach(async () => {
  children.killAll();
  await agent?.close();
  await files.cleanup();
});

describe('parley run --queue with parley worker', () => {
  it('3 workers × 8 under a cap of 8: the agent never sees more than 8 at once, does see 8, and every simulation is reported once', async () => {
    agent = await startCountingAgent(300);
    const queueName = nextQueue();
    await Promise.all([1, 2, 3].map(() => startWorkerProcess(children, { url: redis.url, queueName, concurrency: 8 })));
    const run = await writeRunFiles(files, agent.url, 48);
    const result = await startQueueRun(children, run, { url: redis.url, queueName, concurrency: 8 }).exited(45_000);

    expect(result.code, result.stderr).toBe(0);
    expect(agent.max).toBe(8);
    const results = resultsIn(run.out);
    expect(reported(results)).toEqual(planned(48));
    expect(results.every((r) => r.verdict === 'passed')).toBe(true);
    // The same summary as a local run.
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 48, passed: 48, failed: 0, error: 0, out: run.out });
  }, 60_000);

  it('two runs sharing a queue share its cap', async () => {
    agent = await startCountingAgent(300);
    const queueName = nextQueue();
    await Promise.all([1, 2].map(() => startWorkerProcess(children, { url: redis.url, queueName, concurrency: 8 })));
    const first = await writeRunFiles(files, agent.url, 16);
    const second = { ...first, out: `${files.dir}/second.jsonl` };
    const runs = [first, second].map((run) => startQueueRun(children, run, { url: redis.url, queueName, concurrency: 4 }));
    const [a, b] = await Promise.all(runs.map((run) => run.exited(45_000)));

    expect([a!.code, b!.code]).toEqual([0, 0]);
    expect(agent.max).toBe(4);
    expect(reported(resultsIn(first.out))).toEqual(planned(16));
    expect(reported(resultsIn(second.out))).toEqual(planned(16));
  }, 60_000);

  it("a SIGKILLed worker's simulations run again on a live worker, and the run completes with each reported once", async () => {
    agent = await startCountingAgent(1500);
    const queueName = nextQueue();
    const stall = { lockSeconds: 3, stallCheckSeconds: 1 };
    const [doomed] = await Promise.all([1, 2].map(() => startWorkerProcess(children, { url: redis.url, queueName, concurrency: 4, ...stall })));
    const run = await writeRunFiles(files, agent.url, 16);
    const submitted = startQueueRun(children, run, { url: redis.url, queueName, concurrency: 8 });
    await expect.poll(() => agent!.open, { timeout: 20_000, interval: 20 }).toBe(8);
    doomed!.child.kill('SIGKILL');
    const result = await submitted.exited(50_000);

    expect(result.code, result.stderr).toBe(0);
    const results = resultsIn(run.out);
    expect(reported(results)).toEqual(planned(16));
    expect(results.every((r) => r.verdict === 'passed')).toBe(true);
    // The four it held were opened twice.
    expect(agent.total).toBeGreaterThanOrEqual(20);
  }, 70_000);

  it('SIGTERM: the worker takes no new simulation, finishes its running ones and exits 0', async () => {
    agent = await startCountingAgent(1200);
    const queueName = nextQueue();
    const leaving = await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 4 });
    const run = await writeRunFiles(files, agent.url, 12);
    const submitted = startQueueRun(children, run, { url: redis.url, queueName, concurrency: 4 });
    await expect.poll(() => agent!.open, { timeout: 20_000, interval: 20 }).toBe(4);
    leaving.child.kill('SIGTERM');
    const left = await leaving.exited(15_000);

    expect(left.code, left.stderr).toBe(0);
    expect(agent.total).toBe(4);
    expect(resultsIn(run.out).map((r) => r.verdict)).toEqual(['passed', 'passed', 'passed', 'passed']);
    // The rest wait for a worker, and the run completes once one comes.
    await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 4 });
    const result = await submitted.exited(30_000);
    expect(result.code, result.stderr).toBe(0);
    expect(reported(resultsIn(run.out))).toEqual(planned(12));
  }, 60_000);

  it('SIGINT at the run: waiting simulations are removed, running ones end cancelled, the summary is printed, exit 130', async () => {
    agent = await startCountingAgent(null);
    const queueName = nextQueue();
    await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 4 });
    const run = await writeRunFiles(files, agent.url, 10, 60);
    const submitted = startQueueRun(children, run, { url: redis.url, queueName, concurrency: 2 });
    await expect.poll(() => agent!.open, { timeout: 20_000, interval: 20 }).toBe(2);
    submitted.child.kill('SIGINT');
    const result = await submitted.exited(20_000);

    expect(result.code, result.stderr).toBe(130);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, error: 2, errors: { cancelled: 2 } });
    const results = resultsIn(run.out);
    expect(results.map((r) => r.error?.code)).toEqual(['cancelled', 'cancelled']);
    await expect.poll(() => agent!.open, { timeout: 5000 }).toBe(0);
    const queue = new Queue(queueName, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      expect(await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed')).toMatchObject({ waiting: 0, active: 0, prioritized: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
    expect(agent.total).toBe(2);
  }, 60_000);
});

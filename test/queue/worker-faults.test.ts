/**
 * README "Running on many machines" end to end, the workers' side: a worker killed (once, twice) or stopped with SIGTERM,
 * as real `parley worker` processes with short lock and stall intervals, on a private
 * redis-server. Each test uses its own queue, so none depends on another.
 */
import { describe, expect, it } from 'vitest';
import { planned, reported, resultsIn, startQueueRun, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { replyOkAfter, startCountingAgent } from '../helpers/run-agent.js';
import { useQueueFixture } from './helpers/fixture.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

const q = useQueueFixture('faults');

describe.skipIf(noRedis)('parley worker: dying and stopping', () => {
  it("a SIGKILLed worker's simulations run again on a live worker, and the run completes with each reported once", async () => {
    q.agent = await startCountingAgent(replyOkAfter(1500));
    const queueName = q.nextQueue();
    const stall = { lockSeconds: 3, stallCheckSeconds: 1 };
    const [doomed] = await Promise.all([1, 2].map(() => startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 4, ...stall })));
    const run = await writeRunFiles(q.files, q.agent.url, 16);
    const submitted = startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 8 });
    await expect.poll(() => q.agent!.open, { timeout: 20_000, interval: 20 }).toBe(8);
    doomed!.child.kill('SIGKILL');
    const result = await submitted.exited(50_000);

    expect(result.code, result.stderr).toBe(0);
    const results = resultsIn(run.out);
    expect(reported(results)).toEqual(planned(16));
    expect(results.every((r) => r.verdict === 'passed')).toBe(true);
    // The four it held were opened twice.
    expect(q.agent.accepted).toBeGreaterThanOrEqual(20);
  }, 70_000);

  it('SIGTERM: the worker takes no new simulation, finishes its running ones and exits 0', async () => {
    q.agent = await startCountingAgent(replyOkAfter(1200));
    const queueName = q.nextQueue();
    const leaving = await startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 4 });
    const run = await writeRunFiles(q.files, q.agent.url, 12);
    const submitted = startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 4 });
    await expect.poll(() => q.agent!.open, { timeout: 20_000, interval: 20 }).toBe(4);
    leaving.child.kill('SIGTERM');
    const left = await leaving.exited(15_000);

    expect(left.code, left.stderr).toBe(0);
    expect(q.agent.accepted).toBe(4);
    // Its four results reach the run (through Redis, a moment after the worker has gone).
    await expect.poll(() => resultsIn(run.out).map((r) => r.verdict), { timeout: 10_000 }).toEqual(['passed', 'passed', 'passed', 'passed']);
    // The rest wait for a worker, and the run completes once one comes.
    await startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 4 });
    const result = await submitted.exited(30_000);
    expect(result.code, result.stderr).toBe(0);
    expect(reported(resultsIn(run.out))).toEqual(planned(12));
  }, 60_000);

  it('a simulation whose worker dies twice is an error result with worker-lost, and the run completes', async () => {
    q.agent = await startCountingAgent(replyOkAfter(null));
    const queueName = q.nextQueue();
    const stall = { concurrency: 1, lockSeconds: 2, stallCheckSeconds: 1 };
    const first = await startWorkerProcess(q.children, { url: q.redis.url, queueName, ...stall });
    const run = await writeRunFiles(q.files, q.agent.url, 1, 60);
    const submitted = startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 1 });
    await expect.poll(() => q.agent!.accepted, { timeout: 20_000, interval: 20 }).toBe(1);
    first.child.kill('SIGKILL');
    const second = await startWorkerProcess(q.children, { url: q.redis.url, queueName, ...stall });
    await expect.poll(() => q.agent!.accepted, { timeout: 20_000, interval: 50 }).toBe(2);
    second.child.kill('SIGKILL');
    await startWorkerProcess(q.children, { url: q.redis.url, queueName, ...stall });
    const result = await submitted.exited(30_000);

    expect(result.code, result.stderr).toBe(1);
    const [lost, ...more] = resultsIn(run.out);
    expect(more).toEqual([]);
    expect(lost).toMatchObject({ caseId: 'case-1', iteration: 1, verdict: 'error', error: { code: 'worker-lost' } });
    expect(lost!.error!.message).toMatch(/^Worker lost/);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 1, error: 1, errors: { 'worker-lost': 1 } });
    expect(q.agent.accepted).toBe(2);
  }, 70_000);

});

/**
 * README "Running on many machines" end to end, the cap and the run's side: real `parley worker` processes and
 * `parley run --queue` runs (the built CLI) on a private redis-server, against an agent that
 * counts its simultaneous conversations. Each test uses its own queue, so none depends on another.
 */
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { planned, reported, resultsIn, startQueueRun, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { replyOkAfter, startCountingAgent } from '../helpers/run-agent.js';
import { useQueueFixture } from './helpers/fixture.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

const q = useQueueFixture('cap');

describe.skipIf(noRedis)('parley run --queue with parley workers: the global cap and interrupting the run', () => {
  it('3 workers × 8 under a cap of 8: the agent never sees more than 8 at once, does see 8, and every simulation is reported once', async () => {
    q.agent = await startCountingAgent(replyOkAfter(300));
    const queueName = q.nextQueue();
    await Promise.all([1, 2, 3].map(() => startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 8 })));
    const run = await writeRunFiles(q.files, q.agent.url, 48);
    const result = await startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 8 }).exited(45_000);

    expect(result.code, result.stderr).toBe(0);
    expect(q.agent.peak).toBe(8);
    const results = resultsIn(run.out);
    expect(reported(results)).toEqual(planned(48));
    expect(results.every((r) => r.verdict === 'passed')).toBe(true);
    // The same summary as a local run.
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 48, passed: 48, failed: 0, error: 0, out: run.out });
  }, 60_000);

  it('two runs sharing a queue share its cap', async () => {
    q.agent = await startCountingAgent(replyOkAfter(300));
    const queueName = q.nextQueue();
    await Promise.all([1, 2].map(() => startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 8 })));
    const first = await writeRunFiles(q.files, q.agent.url, 16);
    const second = { ...first, out: `${q.files.dir}/second.jsonl` };
    const runs = [first, second].map((run) => startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 4 }));
    const [a, b] = await Promise.all(runs.map((run) => run.exited(45_000)));

    expect([a!.code, b!.code]).toEqual([0, 0]);
    expect(q.agent.peak).toBe(4);
    expect(reported(resultsIn(first.out))).toEqual(planned(16));
    expect(reported(resultsIn(second.out))).toEqual(planned(16));
  }, 60_000);

  it('SIGINT at the run: waiting simulations are removed, running ones end cancelled, the summary is printed, exit 130', async () => {
    q.agent = await startCountingAgent(replyOkAfter(null));
    const queueName = q.nextQueue();
    await startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 4 });
    const run = await writeRunFiles(q.files, q.agent.url, 10, 60);
    const submitted = startQueueRun(q.children, run, { url: q.redis.url, queueName, concurrency: 2 });
    await expect.poll(() => q.agent!.open, { timeout: 20_000, interval: 20 }).toBe(2);
    submitted.child.kill('SIGINT');
    const result = await submitted.exited(20_000);

    expect(result.code, result.stderr).toBe(130);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, error: 2, errors: { cancelled: 2 } });
    const results = resultsIn(run.out);
    expect(results.map((r) => r.error?.code)).toEqual(['cancelled', 'cancelled']);
    await expect.poll(() => q.agent!.open, { timeout: 5000 }).toBe(0);
    const queue = new Queue(queueName, { connection: { host: '127.0.0.1', port: q.redis.port } });
    try {
      expect(await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed')).toMatchObject({ waiting: 0, active: 0, prioritized: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
    expect(q.agent.accepted).toBe(2);
  }, 60_000);

});

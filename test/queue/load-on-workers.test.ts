/**
 * README "Load testing" `--queue`: `parley load` paces the arrivals here and the simulations run on real
 * `parley worker` processes through a private redis-server; the windows come from the results'
 * own timestamps, so the figures have the same shape as a local load run.
 */
import { describe, expect, it } from 'vitest';
import { startCli } from '../e2e/helpers/cli.js';
import { resultsIn, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { replyOkAfter, startCountingAgent } from '../helpers/run-agent.js';
import { useQueueFixture } from './helpers/fixture.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

const noRedis = !needService(REDIS_SERVER);

const q = useQueueFixture('load');

describe.skipIf(noRedis)('parley load --queue', () => {
  it('runs the closed model on workers: every result reported with its window, never more users than asked at the agent', async () => {
    q.agent = await startCountingAgent(replyOkAfter(50));
    const queueName = q.nextQueue();
    await Promise.all([1, 2].map(() => startWorkerProcess(q.children, { url: q.redis.url, queueName, concurrency: 8 })));
    const run = await writeRunFiles(q.files, q.agent.url, 2);
    const load = q.children.add(
      startCli([
        'load', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--json',
        '--users', '3', '--duration', '1500ms', '--window', '500ms', '--threshold', 'error.rate<0.01',
        '--queue', q.redis.url, '--queue-name', queueName,
      ]),
    );
    const result = await load.exited(30_000);

    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { total: number; passed: number; model: string; windows: Array<{ started: number }>; thresholds: Array<{ ok: boolean }> };
    expect(summary.model).toBe('users');
    expect(summary.total).toBeGreaterThan(3);
    expect(summary.passed).toBe(summary.total);
    expect(summary.windows.length).toBeGreaterThanOrEqual(3);
    expect(summary.windows.reduce((n, w) => n + w.started, 0)).toBe(summary.total);
    expect(summary.thresholds).toEqual([{ expr: 'error.rate<0.01', value: 0, ok: true }]);
    expect(q.agent.peak).toBeLessThanOrEqual(3);
    const results = resultsIn(run.out) as Array<{ load?: { window: number } }>;
    expect(results).toHaveLength(summary.total);
    expect(results.every((r) => typeof r.load?.window === 'number')).toBe(true);
  }, 45_000);
});

/**
 * Results are reconciled against the jobs stored in Redis: one that finished before the run was
 * listening (or whose event was trimmed away) is still collected, exactly once.
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/config/load.js';
import { JOB_NAME } from '../../src/queue/names.js';
import { packAgent, type SimulationJobData } from '../../src/queue/payload.js';
import { ResultCollector } from '../../src/queue/results.js';
import { startWorker, type ParleyWorker } from '../../src/queue/worker.js';
import { agentConfig } from '../e2e/helpers/files.js';
import { startCountingAgent, type CountingAgent } from './helpers/counting-agent.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

let redis: TestRedis;
let agent: CountingAgent;
let worker: ParleyWorker;
const queueName = 'reconcile';

beforeAll(async () => {
  redis = await startRedis();
  agent = await startCountingAgent(20);
  worker = await startWorker({ url: redis.url, queueName, concurrency: 2 });
});
afterAll(async () => {
  await worker?.close();
  await agent?.close();
  await redis?.stop();
});

function jobData(runId: string): SimulationJobData {
  const config = parseAgentConfig(agentConfig(agent.url, { coalesceSeconds: 0.05 }));
  return { runId, ...packAgent(config), testCase: { id: 'late', agentFirst: false, turns: [{ user: 'hi' }] }, caseIndex: 0, iteration: 1 };
}

describe('result reconciliation', () => {
  it('collects a result that was reported before anyone listened, once', async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue<SimulationJobData>(queueName, { connection });
    // BullMQ closes only its own copies of the clients it is given: both are closed below.
    const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const events = new QueueEvents(queueName, { connection: eventsConnection });
    const collector = new ResultCollector(queue, events);
    try {
      await queue.add(JOB_NAME, jobData('run-late'), { jobId: 'run-late-0-1' });
      await expect.poll(async () => (await queue.getJob('run-late-0-1'))?.finishedOn, { timeout: 10_000 }).toBeGreaterThan(0);
      await events.waitUntilReady();

      const outcome = collector.expect('run-late-0-1', { caseId: 'late', iteration: 1 });
      collector.stored('run-late-0-1');
      const settled: unknown[] = [];
      void outcome.then((value) => settled.push(value));
      collector.start(100);
      await expect.poll(() => settled.length, { timeout: 5000 }).toBe(1);
      expect(settled[0]).toMatchObject({ caseId: 'late', iteration: 1, verdict: 'passed' });
      // Later rounds find it again in Redis; nothing is reported twice.
      await collector.reconcile();
      collector.settle('run-late-0-1', null);
      expect(settled).toHaveLength(1);
    } finally {
      collector.stop();
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    }
  });
});

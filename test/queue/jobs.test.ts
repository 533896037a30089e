/**
 * Jobs in the library, on a private redis-server with a worker in this process: a job carries all
 * a worker needs (no file, no environment variable of its own), and results are reconciled
 * against the jobs stored in Redis, so one reported before anyone listened is still collected,
 * exactly once.
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentConfig, parseAgentConfig, parseTestSet } from '../../src/config/load.js';
import { runOnQueue } from '../../src/index.js';
import { JOB_NAME } from '../../src/queue/names.js';
import { packAgent, type SimulationJobData } from '../../src/queue/payload.js';
import { ResultCollector } from '../../src/queue/results.js';
import { startWorker, type ParleyWorker } from '../../src/queue/worker.js';
import { agentConfig } from '../e2e/helpers/files.js';
import { startTlsAgent, TLS_DIR } from '../helpers/conv-servers.js';
import { startModelServer } from '../helpers/model-server.js';
import { replyOkAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

let redis: TestRedis;
let agent: CountingAgent;
let worker: ParleyWorker;
const queueName = 'reconcile';

beforeAll(async () => {
  redis = await startRedis();
  agent = await startCountingAgent(replyOkAfter(20));
  worker = await startWorker({ url: redis.url, queueName, concurrency: 2 });
});
afterAll(async () => {
  await worker?.close();
  await agent?.close();
  await redis?.stop();
});

function jobData(runId: string): SimulationJobData {
  const config = parseAgentConfig(agentConfig(agent.url, { coalesceSeconds: 0.05 }));
  return { runId, ...packAgent(config), testSet: { cases: [{ id: 'late', agentFirst: false, turns: [{ user: 'hi' }] }] }, caseIndex: 0, iteration: 1 };
}

describe.skipIf(noRedis)('result reconciliation', () => {
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

  it('a job carries the config with its env values resolved and its CA file as contents: the worker needs neither', async () => {
    const tlsAgent = await startTlsAgent((ws, request) => {
      ws.on('message', () => ws.send(JSON.stringify({ type: 'message', text: `auth ${request.headers.authorization}` })));
    });
    const dir = mkdtempSync(join(tmpdir(), 'parley-queue-ca-'));
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue<SimulationJobData>(queueName, { connection });
    try {
      copyFileSync(join(TLS_DIR, 'ca.pem'), join(dir, 'ca.pem'));
      const file = join(dir, 'agent.yaml');
      const yaml = `connection:\n  url: ${tlsAgent.url}\n  authorization: "Bearer {{env.PARLEY_QUEUE_TOKEN}}"\n  tls: { caFile: ./ca.pem }\ncoalesceSeconds: 0.05\n`;
      writeFileSync(file, yaml);
      const config = await loadAgentConfig(file, { PARLEY_QUEUE_TOKEN: 'from-the-run' });
      const packed = packAgent(config);
      // Gone before the worker sees the job; and the worker's environment has no PARLEY_QUEUE_TOKEN.
      rmSync(dir, { recursive: true, force: true });
      expect(process.env.PARLEY_QUEUE_TOKEN).toBeUndefined();
      const data: SimulationJobData = { runId: 'run-ca', ...packed, testSet: { cases: [{ id: 'tls', agentFirst: false, turns: [{ user: 'hi' }] }] }, caseIndex: 0, iteration: 1 };
      await queue.add(JOB_NAME, data, { jobId: 'run-ca-0-1' });
      await expect.poll(async () => (await queue.getJob('run-ca-0-1'))?.finishedOn, { timeout: 10_000 }).toBeGreaterThan(0);
      const job = await queue.getJob('run-ca-0-1');

      expect(job!.returnvalue).toMatchObject({ verdict: 'passed', transcript: [{ role: 'user' }, { role: 'agent', text: 'auth Bearer from-the-run' }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await queue.close();
      connection.disconnect();
      await tlsAgent.close();
    }
  });

  it("runOnQueue: the test set's llm block (its key from the run's environment) travels too, and the worker asks the judge", async () => {
    const model = await startModelServer({ judge: { 'Answers at all': 'pass' } });
    try {
      const testSet = parseTestSet(
        {
          llm: { baseUrl: model.baseUrl, model: 'test-model', apiKey: '{{env.QUEUE_LLM_KEY}}', timeoutSeconds: 5 },
          cases: [{ id: 'judged', turns: ['hi'], judge: { criteria: ['Answers at all'] } }],
        },
        { env: { QUEUE_LLM_KEY: 'sk-queue-secret' } },
      );
      const config = parseAgentConfig(agentConfig(agent.url, { coalesceSeconds: 0.05 }));
      const summary = await runOnQueue(config, testSet, { url: redis.url, queueName, concurrency: 2 });

      expect(summary).toMatchObject({ total: 1, passed: 1 });
      expect(model.judgeRequests().map((request) => request.authorization)).toEqual(['Bearer sk-queue-secret']);
    } finally {
      await model.close();
    }
  });
});

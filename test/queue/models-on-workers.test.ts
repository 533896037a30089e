/**
 * README "Simulated users and judges" on README "Running on many machines": a simulated, judged case run through `parley run --queue` is simulated
 * and judged on the worker (the `llm` block travels with the job), never run as an empty script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { assertBuilt } from '../e2e/helpers/cli.js';
import { agentConfig, scratch, type Scratch } from '../e2e/helpers/files.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { Children, resultsIn, startQueueRun, startWorkerProcess } from './helpers/cluster.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

let redis: TestRedis;
let files: Scratch;
let agent: DemoAgent;
let model: ModelServer;
const children = new Children();

beforeAll(async () => {
  assertBuilt();
  [redis, files, agent, model] = await Promise.all([
    startRedis(),
    scratch(),
    startDemoAgent({ profile: 'support' }),
    startModelServer({ user: ['order 1234', 'a refund please', '###STOP###'] }),
  ]);
});
afterAll(async () => {
  children.killAll();
  await Promise.all([redis?.stop(), files?.cleanup(), agent?.close(), model?.close()]);
});

describe.skipIf(noRedis)('simulated users on queue workers', () => {
  it('simulates and judges the case on the worker, asking the model the run names', async () => {
    const queueName = 'models-1';
    await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 2 });
    const run = {
      agent: await files.write('agent.yaml', agentConfig(agent.url, { coalesceSeconds: 0.05 })),
      tests: await files.write('tests.yaml', {
        llm: { baseUrl: model.baseUrl, model: 'test-model' },
        cases: [
          {
            id: 'refund',
            simulate: { persona: 'A polite customer', goal: 'A refund for order 1234', firstMessage: 'my package never came' },
            judge: { criteria: ['Asks for the order number'] },
          },
        ],
      }),
      out: `${files.dir}/results.jsonl`,
    };
    const result = await startQueueRun(children, run, { url: redis.url, queueName, concurrency: 2 }).exited(30_000);

    expect(result.code, result.stderr).toBe(0);
    const [only] = resultsIn(run.out);
    expect(only).toMatchObject({ verdict: 'passed', simulated: true, stopReason: 'goal', judgement: [{ verdict: 'pass' }] });
    expect(model.userRequests()).toHaveLength(3);
    expect(model.judgeRequests()).toHaveLength(1);
  }, 45_000);
});

/**
 * README "Connecting to your agent" on README "Running on many machines": a socket.io agent run through `parley run --queue`. socket.io-client is
 * loaded only by the entries that start socket.io conversations (it is not imported up front), so
 * the worker, which starts its own, must load it too.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemoAgent, type DemoAgent } from '../../src/demo/index.js';
import { assertBuilt } from '../e2e/helpers/cli.js';
import { scratch, type Scratch } from '../e2e/helpers/files.js';
import { Children, resultsIn, startQueueRun, startWorkerProcess } from './helpers/cluster.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

let redis: TestRedis;
let files: Scratch;
let agent: DemoAgent;
const children = new Children();

beforeAll(async () => {
  assertBuilt();
  [redis, files, agent] = await Promise.all([startRedis(), scratch(), startDemoAgent({ profile: 'socketio' })]);
});
afterAll(async () => {
  children.killAll();
  await Promise.all([redis?.stop(), files?.cleanup(), agent?.close()]);
});

const example = (file: string) => parse(readFileSync(new URL(`../../examples/socketio/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe.skipIf(noRedis)('socket.io agents on queue workers', () => {
  it('runs the socket.io example on a worker process, every case passing', async () => {
    const queueName = 'socketio-1';
    await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 2 });
    const config = example('agent.yaml');
    const run = {
      agent: await files.write('agent.yaml', { ...config, connection: { ...(config.connection as object), url: agent.url } }),
      tests: await files.write('tests.yaml', example('tests.yaml')),
      out: `${files.dir}/results.jsonl`,
    };
    const result = await startQueueRun(children, run, { url: redis.url, queueName, concurrency: 2 }).exited(30_000);

    expect(result.code, result.stderr).toBe(0);
    const results = resultsIn(run.out);
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((r) => [r.caseId, r.verdict, r.error?.message])).toEqual(results.map((r) => [r.caseId, 'passed', undefined]));
  }, 45_000);
});

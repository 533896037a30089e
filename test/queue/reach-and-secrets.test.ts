/**
 * The queue's Redis from the user's side: unreachable or refusing us is exit 2 within a few
 * seconds, its password never shows, and rediss:// works with a private CA.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, ROOT, runCli, startCli } from '../e2e/helpers/cli.js';
import { scratch, type Scratch } from '../e2e/helpers/files.js';
import { Children, planned, reported, resultsIn, startWorkerProcess, writeRunFiles } from './helpers/cluster.js';
import { replyOkAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { needService, REDIS_SERVER } from '../helpers/services.js';

/** Without redis-server the file is skipped with one line (a failure under PARLEY_REQUIRE_SERVICES=1). */
const noRedis = !needService(REDIS_SERVER);

const PASSWORD = 'hunter2-Sesame';
const TLS_DIR = join(ROOT, 'test', 'fixtures', 'tls');

let redis: TestRedis;
let files: Scratch;
let children: Children;
let agent: CountingAgent;

beforeAll(async () => {
  assertBuilt();
  redis = await startRedis({ password: PASSWORD });
  agent = await startCountingAgent(replyOkAfter(50));
});
afterAll(async () => {
  await agent?.close();
  await redis?.stop();
});
beforeEach(async () => {
  files = await scratch();
  children = new Children();
});
afterEach(async () => {
  children.killAll();
  await files.cleanup();
});

/** A URL with the password on a port nothing listens on: the server's, once it is stopped. */
const closedPortUrl = async () => {
  const gone = await startRedis();
  await gone.stop();
  return `redis://:${PASSWORD}@127.0.0.1:${gone.port}/0`;
};

describe.skipIf(noRedis)('no Redis reachable', () => {
  it('run --queue: exit 2 with "Cannot reach the queue at …", password masked, within a few seconds', async () => {
    const url = await closedPortUrl();
    const run = await writeRunFiles(files, agent.url, 1);
    const result = await runCli(['run', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--queue', url], { timeoutMs: 10_000 });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Cannot reach the queue at ${url.replace(PASSWORD, '****')}`);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(result.ms).toBeLessThan(8000);
  });

  it('worker: exit 2 with the same message', async () => {
    const url = await closedPortUrl();
    const result = await runCli(['worker', '--queue', url], { timeoutMs: 10_000 });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Cannot reach the queue at redis:\/\/:\*\*\*\*@127\.0\.0\.1:\d+\/0/);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('a wrong password is the same exit 2, naming neither password', async () => {
    const url = redis.url.replace(encodeURIComponent(PASSWORD), 'wrong-Secret');
    const result = await runCli(['worker', '--queue', url], { timeoutMs: 10_000 });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cannot reach the queue at redis://:****@127.0.0.1');
    expect(result.stdout + result.stderr).not.toMatch(/wrong-Secret|hunter2/);
  });

  it('a URL that is not redis:// is a usage error, masked too', async () => {
    const result = await runCli(['worker', '--queue', `http://:${PASSWORD}@127.0.0.1:1`], { timeoutMs: 10_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Expected a redis:// or rediss:// URL, got "http://:****@127.0.0.1:1"');
    expect(result.stderr).not.toContain(PASSWORD);
  });
});

describe.skipIf(noRedis)('a private Redis with a password', () => {
  it('runs, and the password appears in no output of the worker or the run, nor in the results', async () => {
    const queueName = 'secret';
    const worker = await startWorkerProcess(children, { url: redis.url, queueName, concurrency: 2 });
    const run = await writeRunFiles(files, agent.url, 3);
    const result = await runCli(['run', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--queue', redis.url, '--queue-name', queueName], { timeoutMs: 30_000 });

    expect(result.code, result.stderr).toBe(0);
    expect(reported(resultsIn(run.out))).toEqual(planned(3));
    expect(worker.stderr).toContain('redis://:****@127.0.0.1');
    expect([worker.stdout, worker.stderr, result.stdout, result.stderr, JSON.stringify(resultsIn(run.out))].join('\n')).not.toContain(PASSWORD);
  });
});

describe.skipIf(noRedis)('a Redis without a password, given one', () => {
  it("ioredis's warning shows once, in Parley's words, for the run and for the worker", async () => {
    const open = await startRedis();
    try {
      const url = `redis://:not-needed@127.0.0.1:${open.port}/0`;
      const worker = await startWorkerProcess(children, { url, queueName: 'open', concurrency: 2 });
      const run = await writeRunFiles(files, agent.url, 3);
      const result = await runCli(['run', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--queue', url, '--queue-name', 'open'], { timeoutMs: 30_000 });
      expect(result.code, result.stderr).toBe(0);
      const warning = "warning: the queue's Redis needs no password, but the --queue URL gives one; it is not used";
      for (const stderr of [result.stderr, worker.stderr]) {
        expect(stderr.split(warning)).toHaveLength(2);
        expect(stderr).not.toContain('[WARN]');
      }
    } finally {
      await open.stop();
    }
  });
});

describe.skipIf(noRedis)('rediss://', () => {
  it('a run and a worker reach a TLS-only Redis whose CA is given through NODE_EXTRA_CA_CERTS', async () => {
    const tlsRedis = await startRedis({ tls: { cert: join(TLS_DIR, 'server.pem'), key: join(TLS_DIR, 'server.key'), ca: join(TLS_DIR, 'ca.pem') } });
    try {
      const env = { NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.pem') };
      expect(tlsRedis.url).toMatch(/^rediss:\/\//);
      const worker = children.add(startCli(['worker', '--queue', tlsRedis.url, '--concurrency', '2'], { env }));
      await worker.waitForOutput(/Worker ready/, 15_000);
      const run = await writeRunFiles(files, agent.url, 2);
      const result = await runCli(['run', '--agent', run.agent, '--tests', run.tests, '--out', run.out, '--queue', tlsRedis.url], { env, timeoutMs: 30_000 });

      expect(result.code, result.stderr).toBe(0);
      expect(reported(resultsIn(run.out))).toEqual(planned(2));
    } finally {
      children.killAll();
      await tlsRedis.stop();
    }
  }, 40_000);
});

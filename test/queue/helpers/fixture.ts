import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { assertBuilt } from '../../e2e/helpers/cli.js';
import { scratch, type Scratch } from '../../e2e/helpers/files.js';
import { Children } from './cluster.js';
import type { CountingAgent } from '../../helpers/run-agent.js';
import { startRedis, type TestRedis } from './redis-server.js';

/** What each queue test gets: the file's redis-server, and its own scratch folder and children. */
export interface QueueFixture {
  readonly redis: TestRedis;
  readonly files: Scratch;
  readonly children: Children;
  /** Set by the test; closed after it. */
  agent: CountingAgent | null;
  /** A queue name no other test of the file uses. */
  nextQueue(): string;
}

/**
 * Registers the hooks of a queue test file: one redis-server for the file (stopped by PID after
 * it), and per test a scratch folder, the child processes it starts (killed after it) and its agent.
 */
export function useQueueFixture(prefix: string): QueueFixture {
  let redis: TestRedis | undefined;
  let files: Scratch | undefined;
  let children = new Children();
  let count = 0;
  const fixture: QueueFixture = {
    get redis() {
      return redis!;
    },
    get files() {
      return files!;
    },
    get children() {
      return children;
    },
    agent: null,
    nextQueue: () => `${prefix}-${++count}`,
  };
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
    fixture.agent = null;
  });
  afterEach(async () => {
    children.killAll();
    await fixture.agent?.close();
    await files?.cleanup();
  });
  return fixture;
}

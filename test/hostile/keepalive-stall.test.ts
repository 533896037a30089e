/**
 * A keepalive must tell a dead peer from a busy client. When this process stalls (a GC pause, a
 * long callback) past a ping period, the keepalive timer runs before the pong that already arrived
 * is read; that must not end a healthy conversation as `connection-lost`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLOW_REPLY_MS, STALL_MS } from './agents/behaviours.js';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { directConfig } from './support/config.js';
import { expectPassed, lines } from './support/expect-clean.js';
import { runCases } from './support/run.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

describe('keepalive across a stalled event loop', () => {
  it(`a ${STALL_MS} ms stall with a 100 ms ping period does not lose a live connection`, async () => {
    const config = directConfig(`${pool.origin}/{{case.id}}`, { connection: { keepaliveSeconds: 0.1 }, responseTimeoutSeconds: 5 });
    const run = await runCases(config, [{ id: 'stall-on-ping/1', turns: ['one'] }]);
    const result = run.result('stall-on-ping/1');
    expectPassed(result);
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one']);
    expect(result.durationMs).toBeGreaterThanOrEqual(SLOW_REPLY_MS);
  });
});

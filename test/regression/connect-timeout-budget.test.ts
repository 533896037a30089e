/**
 * REGRESSION (fixed in dbd90d4): README "Config reference" says connectTimeoutSeconds bounds "setup request, TCP, TLS
 * and upgrade together", but the machine gave the setup request and the socket a full budget
 * each, so a slow setup followed by a hung upgrade took up to twice as long as configured.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from '../hostile/agents/pool.js';
import { LATE_SETUP_MS } from '../hostile/agents/setup-endpoints.js';
import { httpFirstConfig } from '../hostile/support/config.js';
import { expectError } from '../hostile/support/expect-clean.js';
import { runCases } from '../hostile/support/run.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

const CONNECT_S = 2;
/** Tighter than the suite's usual slack: the bug shows as a whole extra connect budget. */
const SLACK_MS = 800;

describe('connectTimeoutSeconds covers setup and socket together', () => {
  it(`a ${LATE_SETUP_MS} ms setup then a hung upgrade fails ${CONNECT_S} s after the start, not later`, async () => {
    const config = httpFirstConfig(`http://127.0.0.1:${pool.port}/setup/{{case.id}}`, { connection: { connectTimeoutSeconds: CONNECT_S } });
    const run = await runCases(config, [{ id: 'late-to-silent/1' }]);
    const result = run.result('late-to-silent/1');
    expectError(result.error, 'connect-timeout');
    expect(result.durationMs).toBeLessThanOrEqual(CONNECT_S * 1000 + SLACK_MS);
  });
});

/**
 * REGRESSION (fixed in dbd90d4): the `maxTurn` timer also ran while no message had come yet, so
 * with maxTurnSeconds ≤ responseTimeoutSeconds it fired first and delivered an EMPTY reply marked
 * `truncated` instead of `timedOut`; a truncated reply counts as a reply (README "Test sets"), so an agent
 * that never answered passed. visualizations/conversation.mmd: no first message within responseTimeoutSeconds is a
 * timed-out reply; `truncated` is for a reply "still growing".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from '../hostile/agents/pool.js';
import { directConfig } from '../hostile/support/config.js';
import { expectFault } from '../hostile/support/expect-clean.js';
import { runCases } from '../hostile/support/run.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

describe('an agent that never replies, with maxTurnSeconds not above responseTimeoutSeconds', () => {
  it.each([
    ['equal', 1, 1],
    ['shorter', 0.5, 1],
  ])('%s: the reply is timed out (response-timeout), never an empty truncated pass', async (_name, maxTurnSeconds, responseTimeoutSeconds) => {
    const config = directConfig(`${pool.origin}/{{case.id}}`, { maxTurnSeconds, responseTimeoutSeconds });
    const run = await runCases(config, [{ id: 'mute/1', turns: ['anyone?'] }]);
    const result = run.result('mute/1');
    expect(result.transcript[1]).toMatchObject({ role: 'agent', text: '', timedOut: true, truncated: false });
    expectFault(result, { code: 'response-timeout', verdict: 'failed', withinMs: responseTimeoutSeconds * 1000 });
  });
});

/**
 * KNOWN ENGINE BUG (machines/, reported to the engine owner; this test fails until it is fixed).
 *
 * When the socket ends while the reply to a case's LAST turn is still being collected, the
 * conversation delivers the partial reply (right: nothing is lost), but the simulation takes that
 * partial delivery as the complete reply, finishes, and then ignores the close or failure that
 * caused it: the case ends `passed` with no error. SPEC §4 says an early agent close or a lost
 * connection mid-conversation is `failed`, and §5 gives it `agent-closed` / `connection-lost`.
 * (On any earlier turn the fault is reported correctly: see ../mid-conversation-faults.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from '../agents/pool.js';
import { directConfig } from '../support/config.js';
import { expectFault, lines } from '../support/expect-clean.js';
import { runCases } from '../support/run.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

/** Far longer than the 30 ms the reset agent waits, so the fault lands mid-reply. */
const config = () => directConfig(`${pool.origin}/{{case.id}}`, { coalesceSeconds: 0.5 });

describe('a fault while the last reply is being collected', () => {
  it('a 1011 close mid-reply is agent-closed, not passed', async () => {
    const run = await runCases(config(), [{ id: 'close-mid-turn/last', turns: ['one', 'two'] }]);
    const result = run.result('close-mid-turn/last');
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two', 'agent: partial']);
    expectFault(result, { code: 'agent-closed', verdict: 'failed', withinMs: 700 });
  });

  it('a TCP reset mid-reply is connection-lost, not passed', async () => {
    const run = await runCases(config(), [{ id: 'reset-mid-turn/last', turns: ['one', 'two'] }]);
    const result = run.result('reset-mid-turn/last');
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two', 'agent: partial']);
    expectFault(result, { code: 'connection-lost', verdict: 'failed', withinMs: 700 });
  });
});

/**
 * REGRESSION (fixed in dbd90d4): when the socket ended while the reply to a case's LAST turn was
 * still being collected, the simulation took the partial delivery as the complete reply, finished,
 * and ignored the close or failure that caused it: the case ended `passed`. README "Test sets" says an early
 * agent close or a lost connection mid-conversation is `failed`, and §5 gives it `agent-closed` /
 * `connection-lost`. (Earlier turns: see ../hostile/mid-conversation-faults.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from '../hostile/agents/pool.js';
import { directConfig } from '../hostile/support/config.js';
import { expectFault, lines } from '../hostile/support/expect-clean.js';
import { runCases } from '../hostile/support/run.js';

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

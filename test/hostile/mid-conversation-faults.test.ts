/**
 * Agents that break a conversation already under way, on the second of three turns: a 1011 close,
 * a TCP reset, a frame beyond maxPayload, a keepalive pong that never comes. The first turn must
 * stay in the transcript, and whatever the agent said of the broken turn too. (The same faults on
 * a case's last turn: see ../regression/partial-last-reply.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { directConfig } from './support/config.js';
import { expectFault, lines } from './support/expect-clean.js';
import { runWithSiblings } from './support/with-siblings.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

const threeTurns = (id: string) => ({ id, turns: ['one', 'two', 'three'] });
/**
 * Far longer than the 30 ms the reset agent waits after its partial message, so on a loaded
 * machine too the fault lands while turn two is still being collected.
 */
const QUIET_S = 0.5;
/** Turn one's quiet period plus the moment it takes to break turn two. */
const BREAKS_WITHIN_MS = QUIET_S * 1000 + 200;
const config = (options: Parameters<typeof directConfig>[1] = {}) =>
  directConfig(`${pool.origin}/{{case.id}}`, { coalesceSeconds: QUIET_S, ...options });

describe('mid-conversation faults, each between good siblings', () => {
  it('a 1011 close mid-turn is agent-closed, keeping turn one and the partial reply', async () => {
    const run = await runWithSiblings({ pools: [pool], config: config(), faults: [threeTurns('close-mid-turn/1')] });
    const result = run.result('close-mid-turn/1');
    const error = expectFault(result, { code: 'agent-closed', verdict: 'failed', withinMs: BREAKS_WITHIN_MS });
    expect(error.message).toContain('1011');
    expect(error.message).toContain('internal error');
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two', 'agent: partial']);
  });

  it('a TCP reset mid-turn is connection-lost, keeping turn one and the partial reply', async () => {
    const run = await runWithSiblings({ pools: [pool], config: config(), faults: [threeTurns('reset-mid-turn/1')] });
    const result = run.result('reset-mid-turn/1');
    expectFault(result, { code: 'connection-lost', verdict: 'failed', withinMs: BREAKS_WITHIN_MS });
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two', 'agent: partial']);
  });

  it('a frame beyond maxPayload is connection-lost, keeping turn one', async () => {
    const run = await runWithSiblings({
      pools: [pool],
      config: config(),
      faults: [threeTurns('oversized/1')],
      options: { maxPayload: 64 * 1024 },
    });
    const result = run.result('oversized/1');
    const error = expectFault(result, { code: 'connection-lost', verdict: 'failed', withinMs: BREAKS_WITHIN_MS });
    expect(error.message).toMatch(/max payload/i);
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two']);
  });

  it('a keepalive pong that never comes is connection-lost after two ping periods', async () => {
    const keepaliveMs = 300;
    const run = await runWithSiblings({
      pools: [pool],
      config: config({
        connection: { keepaliveSeconds: keepaliveMs / 1000 },
        // Longer than the keepalive, so the missed pong and not the reply timer ends turn two.
        responseTimeoutSeconds: 5,
        coalesceSeconds: 0.1,
      }),
      faults: [threeTurns('no-pong/1')],
    });
    const result = run.result('no-pong/1');
    const error = expectFault(result, { code: 'connection-lost', verdict: 'failed', withinMs: 2 * keepaliveMs + 100, notBeforeMs: 2 * keepaliveMs - 50 });
    expect(error.message).toContain('pong');
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two']);
  });
});

/**
 * Agents that stay connected but send the wrong things: junk frames (dropped and counted), a
 * flood that never goes quiet (cut at maxTurnSeconds), and no reply at all (response-timeout).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDrops } from '../../machines/defaults.js';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { directConfig, TIMEOUT_S } from './support/config.js';
import { expectFault, expectPassed, lines, SLACK_MS } from './support/expect-clean.js';
import { runWithSiblings } from './support/with-siblings.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

const config = (options: Parameters<typeof directConfig>[1] = {}) => directConfig(`${pool.origin}/{{case.id}}`, options);

describe('frame faults, each between good siblings', () => {
  it('non-JSON, binary, typing and textless frames are dropped and counted; the reply still passes', async () => {
    const run = await runWithSiblings({
      pools: [pool],
      config: config(),
      faults: [{ id: 'junk/1', turns: ['one', { user: 'two', expect: { contains: 'echo: two' } }] }],
    });
    const result = run.result('junk/1');
    expectPassed(result);
    expect(lines(result)).toEqual(['user: one', 'agent: echo: one', 'user: two', 'agent: echo: two']);
    // type: two typing events and the agent's ready frame (this config waits for no ready message).
    expect(result.dropped).toEqual({ ...emptyDrops(), binary: 2, invalidJson: 2, type: 3, noText: 2 });
  });

  it('a flood that never goes quiet is cut at maxTurnSeconds and marked truncated', async () => {
    const maxTurnMs = 1000;
    const run = await runWithSiblings({
      pools: [pool],
      // A quiet period of half the cut: on a loaded machine a 20 ms ticker can stall past 0.1 s,
      // which would deliver the flood early instead of cutting it.
      config: config({ maxTurnSeconds: maxTurnMs / 1000, coalesceSeconds: 0.5 }),
      faults: [{ id: 'flood/1', turns: ['go'] }],
    });
    const result = run.result('flood/1');
    // A truncated reply is still a reply (README "Test sets").
    expectPassed(result);
    const reply = result.transcript[1]!;
    expect(reply).toMatchObject({ role: 'agent', truncated: true, timedOut: false });
    expect(reply.role === 'agent' && reply.messages.length).toBeGreaterThan(5);
    expect(result.durationMs).toBeGreaterThanOrEqual(maxTurnMs - 50);
    expect(result.durationMs).toBeLessThanOrEqual(maxTurnMs + SLACK_MS);
  });

  it('a reply that never comes is response-timeout, with the empty timed-out turn recorded', async () => {
    const run = await runWithSiblings({ pools: [pool], config: config(), faults: [{ id: 'mute/1', turns: ['anyone?'] }] });
    const result = run.result('mute/1');
    expectFault(result, { code: 'response-timeout', verdict: 'failed', withinMs: TIMEOUT_S * 1000, notBeforeMs: TIMEOUT_S * 1000 - 50 });
    expect(result.transcript).toMatchObject([
      { role: 'user', text: 'anyone?' },
      { role: 'agent', text: '', messages: [], timedOut: true },
    ]);
  });

  it('an agent-first case whose opening never comes is response-timeout', async () => {
    const run = await runWithSiblings({ pools: [pool], config: config(), faults: [{ id: 'mute/opening', agentFirst: true, turns: ['hi'] }] });
    const result = run.result('mute/opening');
    expectFault(result, { code: 'response-timeout', verdict: 'failed', withinMs: TIMEOUT_S * 1000, notBeforeMs: TIMEOUT_S * 1000 - 50 });
    expect(result.transcript).toEqual([]);
  });
});

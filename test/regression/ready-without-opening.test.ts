/**
 * REGRESSION (fixed in 149e711): visualizations/conversation.mmd says text that arrives while awaiting the ready message
 * starts the opening turn, and only then does the conversation go to `collecting` after the ready
 * message; otherwise it goes to `idle`. The machine always went to `collecting`, so with a
 * readyType and no opening text every conversation waited out a timer, recorded an empty agent
 * turn nobody asked for, and only then sent the first user message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/engine/connect.js';
import { startHostilePool, type HostilePool } from '../hostile/agents/pool.js';
import { directConfig } from '../hostile/support/config.js';
import { lines } from '../hostile/support/expect-clean.js';
import { runCases } from '../hostile/support/run.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

/** Long enough that waiting it out is unmistakable, short enough for the suite. */
const TIMER_S = 2;
const config = (url = `${pool.origin}/{{case.id}}`) =>
  directConfig(url, {
    handshake: { readyType: 'ready', timeoutSeconds: 1 },
    responseTimeoutSeconds: TIMER_S,
    maxTurnSeconds: TIMER_S,
  });

describe('a ready message with no opening text', () => {
  it('leaves the conversation idle at once: connect() resolves without waiting a timer', async () => {
    const startedAt = performance.now();
    const conversation = await connect(config(pool.wsUrl('good', 'connect')));
    try {
      expect(performance.now() - startedAt).toBeLessThan(TIMER_S * 1000 - 500);
      expect(conversation.state).toEqual({ session: 'idle' });
    } finally {
      await conversation.close();
    }
  });

  it('puts no empty agent turn in the transcript', async () => {
    const run = await runCases(config(), [{ id: 'good/ready', turns: ['hi'] }]);
    expect(lines(run.result('good/ready'))).toEqual(['user: hi', 'agent: echo: hi']);
    expect(run.result('good/ready').durationMs).toBeLessThan(TIMER_S * 1000 - 500);
  });
});

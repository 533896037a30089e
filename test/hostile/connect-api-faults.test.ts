/**
 * The same faults through the library's `connect()` / `send()`, where a run makes no sense: the
 * promise rejects with a ParleyError carrying the README "Error codes" code (never a raw error), in time, and
 * a conversation that already talked keeps its transcript.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/engine/connect.js';
import { ParleyError } from '../../src/errors.js';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { refusedPort } from './agents/refused-port.js';
import { directConfig, httpFirstConfig, TIMEOUT_S } from './support/config.js';
import { expectError, PREFIX, SLACK_MS } from './support/expect-clean.js';
import { handleCounts, leftoverHandles, type HandleCounts } from './support/handles.js';

let pool: HostilePool;
let before: HandleCounts;
beforeEach(async () => {
  pool = await startHostilePool();
  before = handleCounts();
});
afterEach(async () => {
  try {
    await pool.waitForNoConnections();
    expect(await leftoverHandles(before), 'handles left open').toEqual({});
  } finally {
    await pool.close();
  }
});

/** Awaits a rejection and checks it is a clean ParleyError with `code`, within `withinMs` + slack. */
async function expectRejects(promise: Promise<unknown>, code: keyof typeof PREFIX, withinMs: number): Promise<ParleyError> {
  const startedAt = performance.now();
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  expect(performance.now() - startedAt).toBeLessThanOrEqual(withinMs + SLACK_MS);
  expect(error).toBeInstanceOf(ParleyError);
  expectError(error as ParleyError, code);
  return error as ParleyError;
}

describe('connect() rejects cleanly', () => {
  it.each([
    ['silent-upgrade', 'connect-timeout', TIMEOUT_S * 1000],
    ['status-401', 'connect-failed', 0],
    ['status-403', 'connect-failed', 0],
    ['status-500', 'connect-failed', 0],
  ] as const)('%s → %s', async (behaviour, code, withinMs) => {
    await expectRejects(connect(directConfig(pool.wsUrl(behaviour))), code, withinMs);
  });

  it('refused port → connect-failed', async () => {
    await expectRejects(connect(directConfig(`ws://127.0.0.1:${await refusedPort()}/x`)), 'connect-failed', 0);
  });

  it('never ready → handshake-timeout', async () => {
    const config = directConfig(pool.wsUrl('never-ready'), { handshake: { readyType: 'ready', timeoutSeconds: TIMEOUT_S } });
    await expectRejects(connect(config), 'handshake-timeout', TIMEOUT_S * 1000);
  });

  it.each([
    ['status-500', 'setup-failed', 0],
    ['redirect', 'setup-failed', 0],
    ['no-url', 'setup-no-url', 0],
    ['slow', 'setup-failed', TIMEOUT_S * 1000],
  ] as const)('setup endpoint %s → %s', async (endpoint, code, withinMs) => {
    await expectRejects(connect(httpFirstConfig(`http://127.0.0.1:${pool.port}/setup/${endpoint}`)), code, withinMs);
  });
});

describe('send() after a mid-conversation fault', () => {
  it.each([
    ['reset-mid-turn', 'connection-lost'],
    ['close-mid-turn', 'agent-closed'],
    ['oversized', 'connection-lost'],
  ] as const)('%s: the next send rejects with %s and the transcript keeps every turn so far', async (behaviour, code) => {
    const conversation = await connect(directConfig(pool.wsUrl(behaviour)), { maxPayload: 64 * 1024 });
    try {
      expect((await conversation.send('one')).text).toBe('echo: one');
      // The second reply is whatever arrived before the fault (possibly nothing).
      await conversation.send('two').catch(() => undefined);
      await expectRejects(conversation.send('three'), code, 0);
      const texts = conversation.transcript.map((turn) => `${turn.role}: ${turn.text}`);
      expect(texts.slice(0, 3)).toEqual(['user: one', 'agent: echo: one', 'user: two']);
      const output = await conversation.done;
      expect(output.error?.code ?? 'agent-closed').toBe(code);
    } finally {
      await conversation.close();
    }
  });
});

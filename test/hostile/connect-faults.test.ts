/**
 * Agents that never let a conversation start: no answer to the upgrade, a refusal, a redirect, a
 * closed port, no ready message. Each is one case of a run whose good siblings must still pass.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { refusedPort } from './agents/refused-port.js';
import { directConfig, TIMEOUT_S } from './support/config.js';
import { expectFault } from './support/expect-clean.js';
import { defaultSiblings, runWithSiblings } from './support/with-siblings.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

const byCase = () => directConfig(`${pool.origin}/{{case.id}}`);

describe('connect faults, each between good siblings', () => {
  it('an upgrade never answered ends as connect-timeout after connectTimeoutSeconds', async () => {
    const run = await runWithSiblings({ pools: [pool], config: byCase(), faults: [{ id: 'silent-upgrade/1' }] });
    const result = run.result('silent-upgrade/1');
    expectFault(result, { code: 'connect-timeout', verdict: 'error', withinMs: TIMEOUT_S * 1000, notBeforeMs: TIMEOUT_S * 1000 - 50 });
    expect(result.transcript).toEqual([]);
  });

  it.each([
    ['status-401', 401, 'Unauthorized'],
    ['status-403', 403, 'Forbidden'],
    ['status-500', 500, 'Internal Server Error'],
    ['status-302', 302, 'Found'],
  ])('%s on the upgrade is connect-failed naming the status', async (behaviour, status, reason) => {
    const run = await runWithSiblings({ pools: [pool], config: byCase(), faults: [{ id: `${behaviour}/1` }] });
    const result = run.result(`${behaviour}/1`);
    const error = expectFault(result, { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toContain(`HTTP ${status} ${reason}`);
    // Three upgrades (two siblings and the fault): a redirect is reported, never followed.
    expect(pool.upgrades).toHaveLength(3);
  });

  it('a 101 with a wrong Sec-WebSocket-Accept is connect-failed, the socket closed', async () => {
    const run = await runWithSiblings({ pools: [pool], config: byCase(), faults: [{ id: 'bad-accept/1' }] });
    const error = expectFault(run.result('bad-accept/1'), { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toMatch(/Sec-WebSocket-Accept/i);
  });

  it('a refused port is connect-failed with ECONNREFUSED', async () => {
    const closed = await refusedPort();
    const config = directConfig('ws://127.0.0.1:{{case.id}}');
    const run = await runWithSiblings({
      pools: [pool],
      config,
      faults: [{ id: `${closed}/refused` }],
      siblings: defaultSiblings(`${pool.port}/`),
    });
    const error = expectFault(run.result(`${closed}/refused`), { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toContain('ECONNREFUSED');
    // Named once, with the URL, not `… ECONNREFUSED 127.0.0.1:1 (ECONNREFUSED)`.
    expect(error.message.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(error.message).toContain(`Failed to connect to WebSocket ws://127.0.0.1:${closed}/refused:`);
  });

  it('a {{case.id}} that makes the URL unusable is connect-failed, not an internal error', async () => {
    const config = directConfig('ws://127.0.0.1:{{case.id}}');
    const run = await runWithSiblings({
      pools: [pool],
      config,
      faults: [{ id: 'no-port/x' }],
      siblings: defaultSiblings(`${pool.port}/`),
    });
    const error = expectFault(run.result('no-port/x'), { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toContain('ws://127.0.0.1:no-port/x');
  });

  it('an agent never ready ends as handshake-timeout after handshake.timeoutSeconds', async () => {
    const config = directConfig(`${pool.origin}/{{case.id}}`, { handshake: { readyType: 'ready', timeoutSeconds: TIMEOUT_S } });
    const run = await runWithSiblings({ pools: [pool], config, faults: [{ id: 'never-ready/1' }] });
    const result = run.result('never-ready/1');
    expectFault(result, { code: 'handshake-timeout', verdict: 'error', withinMs: TIMEOUT_S * 1000, notBeforeMs: TIMEOUT_S * 1000 - 50 });
    expect(result.timings.connectMs).not.toBeNull();
    expect(result.timings.handshakeMs).toBeNull();
  });
});

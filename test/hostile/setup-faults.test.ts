/**
 * http-first setup endpoints that fail: an HTTP error, a body that is not JSON, no URL at the
 * path, a URL that is not ws://, an answer slower than the connect timeout, a redirect (never
 * followed). Each is one case of a run whose good siblings get their URL from a good endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { httpFirstConfig, TIMEOUT_S } from './support/config.js';
import { expectFault } from './support/expect-clean.js';
import type { CaseSpec } from './support/run.js';
import { runWithSiblings } from './support/with-siblings.js';

let pool: HostilePool;
beforeEach(async () => {
  pool = await startHostilePool();
});
afterEach(async () => {
  await pool.close();
});

const config = () => httpFirstConfig(`http://127.0.0.1:${pool.port}/setup/{{case.id}}`);
const siblings: CaseSpec[] = [
  { id: 'good/first', turns: ['one', { user: 'two', expect: { contains: 'echo: two' } }] },
  { id: 'good/last', turns: ['one', { user: 'two', expect: { contains: 'echo: two' } }] },
];
const run = (fault: string) => runWithSiblings({ pools: [pool], config: config(), faults: [{ id: `${fault}/1` }], siblings });

describe('setup endpoint faults, each between good siblings', () => {
  it.each([
    ['status-500', /HTTP 500 Internal Server Error/],
    ['not-json', /not JSON/],
    ['redirect', /HTTP 302 redirect to .*\/setup\/good\/redirected \(redirects are not followed\)/],
  ])('%s is setup-failed', async (fault, detail) => {
    const result = (await run(fault)).result(`${fault}/1`);
    const error = expectFault(result, { code: 'setup-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toMatch(detail);
    expect(result.timings).toEqual({ setupMs: null, connectMs: null, handshakeMs: null });
  });

  it.each([
    ['no-url', /at data\.url \(found nothing\)/],
    ['http-url', /at data\.url \(found "http:\/\/127\.0\.0\.1:\d+\/good\/setup", not a ws:\/\/ or wss:\/\/ URL\)/],
  ])('%s is setup-no-url', async (fault, detail) => {
    const result = (await run(fault)).result(`${fault}/1`);
    const error = expectFault(result, { code: 'setup-no-url', verdict: 'error', withinMs: 0 });
    expect(error.message).toMatch(detail);
  });

  it.each(['slow', 'slow-body'])('%s (answer slower than connectTimeoutSeconds) is setup-failed after the timeout', async (fault) => {
    const result = (await run(fault)).result(`${fault}/1`);
    const error = expectFault(result, { code: 'setup-failed', verdict: 'error', withinMs: TIMEOUT_S * 1000, notBeforeMs: TIMEOUT_S * 1000 - 50 });
    expect(error.message).toContain(`no response within ${TIMEOUT_S} s`);
  });

  it('a ws:// URL no parser accepts is connect-failed naming it, not an internal error', async () => {
    const result = (await run('bad-ws-url')).result('bad-ws-url/1');
    const error = expectFault(result, { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toContain('ws://127.0.0.1:99999/x');
  });
});

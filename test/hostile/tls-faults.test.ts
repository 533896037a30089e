/**
 * TLS failures: a certificate nobody vouches for, and TLS spoken to a plain server. The siblings
 * reach an agent whose certificate the config's private CA (`tls.caFile`) signed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHostilePool, type HostilePool } from './agents/pool.js';
import { CA_FILE, selfSignedCert, trustedCert } from './agents/tls.js';
import { directConfig } from './support/config.js';
import { expectFault } from './support/expect-clean.js';
import { defaultSiblings, runWithSiblings } from './support/with-siblings.js';

let trusted: HostilePool;
let untrusted: HostilePool;
let plain: HostilePool;
beforeEach(async () => {
  [trusted, untrusted, plain] = await Promise.all([
    startHostilePool({ tls: trustedCert() }),
    startHostilePool({ tls: selfSignedCert() }),
    startHostilePool(),
  ]);
});
afterEach(async () => {
  await Promise.all([trusted.close(), untrusted.close(), plain.close()]);
});

// The port is part of the case id, so one config reaches all three servers.
const config = () => directConfig('wss://127.0.0.1:{{case.id}}', { connection: { tls: { caFile: CA_FILE } } });

describe('TLS faults, each between siblings on a trusted wss:// agent', () => {
  it('a self-signed certificate outside the configured CA is connect-failed, a TLS error', async () => {
    const id = `${untrusted.port}/good/self-signed`;
    const run = await runWithSiblings({
      pools: [trusted, untrusted],
      config: config(),
      faults: [{ id }],
      siblings: defaultSiblings(`${trusted.port}/`),
    });
    const error = expectFault(run.result(id), { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(error.message).toMatch(/TLS error: .*self[- ]signed/i);
    expect(untrusted.upgrades).toHaveLength(0);
  });

  it('wss:// to a server that does not speak TLS is connect-failed', async () => {
    const id = `${plain.port}/good/not-tls`;
    const run = await runWithSiblings({
      pools: [trusted, plain],
      config: config(),
      faults: [{ id }],
      siblings: defaultSiblings(`${trusted.port}/`),
    });
    expectFault(run.result(id), { code: 'connect-failed', verdict: 'error', withinMs: 0 });
    expect(plain.upgrades).toHaveLength(0);
  });
});

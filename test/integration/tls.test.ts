/**
 * wss:// against a server whose certificate is signed by a private CA (test/fixtures/tls): refused
 * by default as Node would, accepted once the config names the CA file, relative to the config.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../src/config/load.js';
import { agentConfig, conversationPool, expectCleanMessage, SECRET } from '../helpers/conv-configs.js';
import { rejection, say, startTlsAgent, TLS_DIR, type TlsAgent } from '../helpers/conv-servers.js';
import { within } from '../helpers/wait.js';

const pool = conversationPool();
let agent: TlsAgent;
let dir: string;
let connections = 0;

beforeEach(async () => {
  connections = 0;
  dir = mkdtempSync(join(tmpdir(), 'parley-tls-'));
  agent = await startTlsAgent((ws) => {
    connections += 1;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { text: string };
      say(ws, `secure: ${frame.text}`);
    });
  });
});

afterEach(async () => {
  await pool.closeAll();
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a YAML config into the temp folder, with the CA copied to `certs/` beside it. */
function writeConfig(tlsLines: string[]): string {
  mkdirSync(join(dir, 'certs'));
  copyFileSync(join(TLS_DIR, 'ca.pem'), join(dir, 'certs', 'ca.pem'));
  const file = join(dir, 'agent.yaml');
  writeFileSync(
    file,
    [
      'connection:',
      `  url: ${agent.url}`,
      `  authorization: Bearer ${SECRET}`,
      ...tlsLines.map((line) => `  ${line}`),
      'coalesceSeconds: 0.1',
      'responseTimeoutSeconds: 3',
      '',
    ].join('\n'),
  );
  return file;
}

describe('wss:// with a private CA', () => {
  it('is refused by default with connect-failed, without showing the secret', async () => {
    const config = agentConfig({ connection: { url: agent.url, authorization: `Bearer ${SECRET}` } });
    const error = await rejection(pool.connect(config), 5_000, 'connect');
    expect(error.code).toBe('connect-failed');
    expectCleanMessage(error.message, 'Failed to connect to WebSocket');
    expect(error.message).toMatch(/certificate|TLS/i);
    expect(connections).toBe(0);
  });

  it('is accepted with tls.caFile, resolved relative to the config file', async () => {
    const file = writeConfig(['tls: { caFile: ./certs/ca.pem }']);
    const config = await loadAgentConfig(file, {});
    expect(config.connection.tls?.caFile).toBe(join(dir, 'certs', 'ca.pem'));
    const convo = await within(pool.connect(config), 5_000, 'connect');
    const reply = await within(convo.send('hello'), 5_000, 'reply');
    expect(reply.text).toBe('secure: hello');
    expect(agent.received).toEqual([{ type: 'message', text: 'hello' }]);
  });

  it('is accepted without a CA when rejectUnauthorized is false', async () => {
    const config = agentConfig({ connection: { url: agent.url, tls: { rejectUnauthorized: false } } });
    const convo = await within(pool.connect(config), 5_000, 'connect');
    expect((await within(convo.send('x'), 5_000, 'reply')).text).toBe('secure: x');
  });

  it('reports a missing CA file when the config is loaded, before connecting', async () => {
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, `connection:\n  url: ${agent.url}\n  tls: { caFile: ./nope.pem }\n`);
    await expect(loadAgentConfig(file, {})).rejects.toThrow(/connection\.tls\.caFile: file not found/);
    expect(connections).toBe(0);
  });
});

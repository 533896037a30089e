import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoAgent, type DemoAgent, type DemoAgentOptions } from '../../src/demo/index.js';
import { assertBuilt, runCli, STACK_FRAME, type CliResult } from './helpers/cli.js';
import { agentConfig, scratch, type Scratch } from './helpers/files.js';

let files: Scratch;
const agents: DemoAgent[] = [];

beforeAll(assertBuilt);
beforeEach(async () => {
  files = await scratch();
});
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  await files.cleanup();
});

async function demo(options: DemoAgentOptions): Promise<DemoAgent> {
  const agent = await startDemoAgent(options);
  agents.push(agent);
  return agent;
}

async function probe(config: unknown, ...args: string[]): Promise<CliResult> {
  const file = await files.write('agent.yaml', config);
  const result = await runCli(['probe', '--agent', file, ...args], { timeoutMs: 20_000 });
  expect(result.stderr).not.toMatch(STACK_FRAME);
  return result;
}

/** Any Authorization-like value shown in clear. */
const CLEAR_BEARER = /Bearer (?!\*\*\*\*)\S/;

describe('parley probe', () => {
  it('shows the connection, every frame with its class, the reply, and exits 0', async () => {
    const agent = await demo({ profile: 'simple', authorization: 'Bearer s3cret-value', requiredHeaders: { 'X-Tenant': 'demo' } });
    const result = await probe(
      agentConfig(agent.url, { name: 'probe-me', connection: { authorization: 'Bearer s3cret-value', headers: { 'X-Tenant': 'demo' } } }),
      '--message',
      'I want a refund',
    );
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('Probing probe-me (direct) with the message "I want a refund"');
    expect(out).toContain(`→ connect         ${agent.url} (timeout 5 s)`);
    expect(out).toContain('    X-Tenant: demo');
    expect(out).toContain('    Authorization: Bearer ****');
    expect(out).toMatch(/✓ connected: socket open in \d+ ms/);
    expect(out).toContain('message     {"type":"message","text":"I want a refund"}');
    expect(out).toMatch(/← \+\d+\.\d{3} s {2}text {8}\{"type":"message","text":"I'm sorry to hear that\."\}/);
    expect(out).toMatch(/✓ reply to the message \(2 messages, frames #1–#2\): first after \d+ ms, last after \d+ ms\n {4}I'm sorry to hear that\.\n {4}Refunds take 5 business days\./);
    expect(out).toMatch(/Frames: 2 received; dropped: none/);
    expect(out).toContain('No problems found');
    expect(out + result.stderr).not.toContain('s3cret-value');
  });

  it('shows the setup request and the URL it returned, the ready frame, the opening turn; no secret in clear', async () => {
    const agent = await demo({ profile: 'http-first' });
    const result = await probe({
      connection: {
        mode: 'http-first',
        setup: { url: agent.url, body: { channel: 'web' }, headers: { Authorization: 'Bearer demo-api-token' }, websocketUrlPath: 'data.websocket_url' },
        authorization: 'Bearer {{setup.data.token}}',
        keepaliveSeconds: 0,
      },
      handshake: { readyType: 'session_ready', timeoutSeconds: 5 },
      coalesceSeconds: 0.2,
      responseTimeoutSeconds: 5,
    });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`→ setup request   POST ${agent.url}`);
    expect(out).toContain('    body: {"channel":"web"}');
    expect(out).toMatch(/← setup response {2}HTTP 201 in \d+ ms, WebSocket URL ws:\/\/127\.0\.0\.1:\d+\/ws\/[0-9a-f-]+/);
    expect(out).toMatch(/ready {7}\{"type":"session_ready"\}/);
    expect(out).toMatch(/✓ connected: setup \d+ ms, socket open in \d+ ms, handshake \(ready\) after \d+ ms/);
    expect(out).toContain('✓ opening turn from the agent (frame #2): Welcome! Ask me anything.');
    expect(out).toContain('Hi! How can I help?');
    expect(out).not.toMatch(CLEAR_BEARER);
    expect(out).not.toContain('demo-api-token');
  });

  it('masks a token the agent repeats back in a frame', async () => {
    const agent = await demo({ profile: 'simple' });
    const result = await probe(agentConfig(agent.url, { connection: { authorization: 'Bearer tok-42-secret' } }), '--message', 'tok-42-secret');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('You said: ****');
    expect(result.stdout).not.toContain('tok-42-secret');
  });

  it('exits 1 when no reply comes', async () => {
    const agent = await demo({ profile: 'burst' });
    const result = await probe(agentConfig(agent.url, { responseTimeoutSeconds: 1 }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ no reply: nothing accepted as text within responseTimeoutSeconds (1 s)');
  });

  it('exits 2 for an invalid file, listing every problem, and connects to nothing', async () => {
    const agent = await demo({ profile: 'simple' });
    const result = await probe({ connection: { url: agent.url, hedaers: {} }, coalesceSeconds: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('connection.hedaers: unknown key');
    expect(result.stderr).toContain('coalesceSeconds: must be a number');
    expect(agent.stats().total).toBe(0);
  });
});

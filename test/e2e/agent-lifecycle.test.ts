import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assertBuilt, CLI, startCli, type CliChild } from './helpers/cli.js';

let wrapper: ChildProcess | undefined;
let agentPid: number | undefined;
let cli: CliChild | undefined;

beforeAll(assertBuilt);
afterEach(() => {
  // Whatever the test left running is stopped by its own id.
  if (wrapper && wrapper.exitCode === null) wrapper.kill('SIGKILL');
  if (agentPid !== undefined && alive(agentPid)) process.kill(agentPid, 'SIGKILL');
  if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  wrapper = agentPid = cli = undefined;
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first reply to one user message, or the connection error. */
function ask(url: string, frame: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('no reply within 5 s'))), 5000);
    ws.on('open', () => ws.send(JSON.stringify(frame)));
    ws.on('message', (data) => (clearTimeout(timer), ws.close(), resolve(JSON.parse(data.toString()))));
    ws.on('unexpected-response', (_req, res) => (clearTimeout(timer), reject(new Error(`HTTP ${res.statusCode}`))));
    ws.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

describe('parley agent', () => {
  it('stops when the process that started it is killed (npx parley agent & … kill $!)', async () => {
    // Stands in for npx: a parent that starts the agent and is then killed without passing it on.
    const script = `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(CLI)}, 'agent', '--port', '0'], { stdio: ['ignore', 'inherit', 'inherit'] }); console.log('pid ' + c.pid); setInterval(() => {}, 1000);`;
    wrapper = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    wrapper.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => /listening on (ws:\S+)/.exec(output)?.[1], { timeout: 10_000 }).toBeTruthy();
    agentPid = Number(/pid (\d+)/.exec(output)![1]);
    const url = /listening on (ws:\S+)/.exec(output)![1]!;
    expect(await ask(url, { type: 'message', text: 'hello' })).toMatchObject({ type: 'message' });
    wrapper.kill('SIGKILL');
    await expect.poll(() => alive(agentPid!), { timeout: 8000, interval: 100 }).toBe(false);
    await expect(ask(url, { type: 'message', text: 'hello' })).rejects.toThrow();
  });

  it('takes the simple profile gates as flags and prints a config that passes them, secrets masked', async () => {
    cli = startCli(['agent', '--port', '0', '--authorization', 'Bearer demo-secret-1', '--require-header', 'X-Tenant=acme', '--require-init', '{"action":"start"}']);
    await cli.waitForOutput(/listening on ws:\/\/127\.0\.0\.1:\d+/, 10_000);
    const url = /listening on (\S+)/.exec(cli.stdout)![1]!;
    expect(cli.stdout).toContain('authorization: Bearer ****');
    expect(cli.stdout).toContain('X-Tenant: acme');
    expect(cli.stdout).not.toContain('demo-secret-1');
    await expect(ask(url, { type: 'message', text: 'hi' })).rejects.toThrow('HTTP 401');
    await expect(ask(url, { type: 'message', text: 'hi' }, { Authorization: 'Bearer demo-secret-1' })).rejects.toThrow('HTTP 403');
    const reply = await ask(url, { type: 'message', text: 'hi' }, { Authorization: 'Bearer demo-secret-1', 'X-Tenant': 'acme' });
    expect(reply).toEqual({ type: 'error', text: 'init required' });
  });

  it('refuses the gates for other profiles as bad usage', async () => {
    cli = startCli(['agent', '--port', '0', '--profile', 'burst', '--authorization', 'x']);
    const result = await cli.exited(10_000);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('parley agent: --authorization applies to --profile simple only, not "burst"');
  });
});

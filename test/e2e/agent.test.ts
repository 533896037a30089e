import { createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assertBuilt, runCli, startCli, STACK_FRAME, type CliChild } from './helpers/cli.js';

let cli: CliChild | undefined;
let blocker: Server | undefined;

beforeAll(assertBuilt);
afterEach(async () => {
  if (cli && cli.child.exitCode === null) cli.child.kill('SIGKILL');
  cli = undefined;
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

/** Sends one user message and resolves with the first reply frame (bounded). */
function askOnce(url: string, frame: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no reply within 5 s'));
    }, 5000);
    ws.on('open', () => ws.send(JSON.stringify(frame)));
    ws.on('message', (data) => {
      clearTimeout(timer);
      ws.close();
      resolve(JSON.parse(data.toString()));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function refused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(false);
    }, 3000);
    ws.on('open', () => {
      clearTimeout(timer);
      ws.terminate();
      resolve(false);
    });
    ws.on('error', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function started(args: string[]): Promise<string> {
  cli = startCli(['agent', '--port', '0', ...args]);
  await cli.waitForOutput(/listening on (ws|http):\/\/127\.0\.0\.1:\d+\S* {2}\(Ctrl-C to stop\)/, 10_000);
  return /listening on (\S+)/.exec(cli.stdout)![1]!;
}

describe('parley agent', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves the simple profile until %s, then stops cleanly with exit 0', async (signal) => {
    const url = await started([]);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(cli!.stdout).toContain(`    url: ${url}`);
    expect(await askOnce(url, { type: 'message', text: 'When do you open?' })).toStrictEqual({ type: 'message', text: 'We open at 9 am and close at 5 pm.' });
    cli!.child.kill(signal);
    const result = await cli!.exited(10_000);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Stopped.');
    expect(await refused(url)).toBe(true);
  });

  it('speaks the chosen profile and prints a matching config snippet', async () => {
    const url = await started(['--profile', 'burst']);
    expect(cli!.stdout).toContain('examples/custom-format/agent.yaml');
    expect(cli!.stdout).toContain('typePath: event');
    expect(await askOnce(url, { event: 'user_message', payload: { text: 'hi' } })).toStrictEqual({ event: 'ack', id: 1 });
    cli!.child.kill('SIGINT');
    expect((await cli!.exited(10_000)).code).toBe(0);
  });

  it('prints the session URL for http-first', async () => {
    const url = await started(['--profile', 'http-first']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/sessions$/);
    expect(cli!.stdout).toContain('websocketUrlPath: data.websocket_url');
    cli!.child.kill('SIGINT');
    expect((await cli!.exited(10_000)).code).toBe(0);
  });

  it('exits 2 with one line when the port is taken', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['agent', '--port', String(port)]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`Port ${port} is already in use: choose another with --port`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

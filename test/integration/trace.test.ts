/**
 * `--trace`: the JSONL trace of a short real run (runTestSet against a loopback agent) has one
 * valid line per actor event, shows the run's actors, events and snapshots, and holds no secret:
 * not the configured ones, not those rendered from the environment, not those from a setup
 * response.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assign, createActor, setup } from 'xstate';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { createTraceWriter, type TraceLine } from '../../src/observe/trace.js';
import { echoScript, startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';
import { within } from '../helpers/wait.js';

const ENV_TOKEN = 'env-rendered-secret-4711';
const API_KEY = 'configured-api-key-0815';
const SETUP_API = 'setup-api-secret-2222';
const FROM_SETUP = 'from-setup-response-9999';

let dir: string;
let agent: ScriptedAgent | undefined;
let setupServer: Server | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-trace-'));
  process.env.PARLEY_TRACE_TEST_TOKEN = ENV_TOKEN;
});

afterEach(async () => {
  delete process.env.PARLEY_TRACE_TEST_TOKEN;
  await agent?.close();
  agent = undefined;
  const server = setupServer;
  setupServer = undefined;
  if (server) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
  await rm(dir, { recursive: true, force: true });
});

const testSet = parseTestSet({ cases: [{ id: 'greet', turns: ['hello', { user: 'again', expect: { contains: 'again' } }] }] });

/** An agent that only lets in the expected credentials, so the secrets are known to be in use. */
async function agentRequiring(authorization: string, apiKey?: string): Promise<ScriptedAgent> {
  return startScriptedAgent(
    (ws) => {
      ws.send(JSON.stringify({ type: 'typing' }));
      echoScript()(ws, undefined as never);
    },
    {
      verifyUpgrade: (request) =>
        request.headers.authorization === authorization && (apiKey === undefined || request.headers['x-api-key'] === apiKey) ? null : 401,
    },
  );
}

async function traceOf(path: string): Promise<{ text: string; lines: TraceLine[] }> {
  const text = await readFile(path, 'utf8');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceLine);
  return { text, lines };
}

describe('trace writer', () => {
  it('writes every actor event of a real run as valid JSON lines, with no secret in them', async () => {
    agent = await agentRequiring(`Bearer ${ENV_TOKEN}`, API_KEY);
    const path = join(dir, 'nested', 'trace.jsonl');
    const writer = createTraceWriter(path);
    let summary;
    try {
      const config = {
        connection: {
          url: agent.url,
          authorization: 'Bearer {{env.PARLEY_TRACE_TEST_TOKEN}}',
          headers: { 'X-Api-Key': API_KEY, 'X-Tenant': 'acme' },
          keepaliveSeconds: 0,
          connectTimeoutSeconds: 5,
        },
        coalesceSeconds: 0.05,
        responseTimeoutSeconds: 5,
      };
      summary = await within(runTestSet(config, testSet, { inspect: writer.inspect }), 15_000, 'the run');
    } finally {
      writer.close();
    }
    expect(summary).toMatchObject({ total: 1, passed: 1 });

    const { text, lines } = await traceOf(path);
    expect(lines.map((line) => line.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(new Set(lines.map((line) => line.kind))).toEqual(new Set(['actor', 'event', 'snapshot']));

    const actors = lines.filter((line) => line.kind === 'actor').map((line) => line.actor);
    expect(actors).toEqual(
      expect.arrayContaining(['supervisor', 'supervisor/sim-1', 'supervisor/sim-1/conversation', 'supervisor/sim-1/conversation/socket']),
    );
    const received = (actor: string) =>
      lines.filter((line) => line.kind === 'event' && line.actor === actor).map((line) => (line as { event: { type: string } }).event.type);
    expect(received('supervisor/sim-1/conversation')).toEqual(expect.arrayContaining(['socket.open', 'socket.message', 'user.message']));
    expect(received('supervisor/sim-1')).toEqual(expect.arrayContaining(['conversation.ready', 'conversation.sent', 'conversation.turn']));
    // The supervisor learns a simulation finished from its done event (what it emits as sim.finished).
    expect(received('supervisor')).toContain('xstate.done.actor.sim-1');
    const idle = lines.find(
      (line) => line.kind === 'snapshot' && line.actor === 'supervisor/sim-1/conversation' && JSON.stringify((line.snapshot as { value: unknown }).value) === '{"session":"idle"}',
    );
    expect(idle).toBeDefined();
    const snapshots = lines.filter((line): line is Extract<TraceLine, { kind: 'snapshot' }> => line.kind === 'snapshot');
    const done = snapshots.filter((line) => line.actor === 'supervisor').at(-1);
    expect(done?.snapshot).toMatchObject({ status: 'done', output: { total: 1, passed: 1 } });

    // No secret anywhere; the plans show up as their URL and masked headers.
    for (const secret of [ENV_TOKEN, API_KEY]) expect(text).not.toContain(secret);
    expect(text).toContain('"Authorization":"Bearer ****"');
    expect(text).toContain('"X-Api-Key":"****"');
    expect(text).toContain('"X-Tenant":"acme"');
    // Functions (the send template, the classifier, the checker) are dropped, not stringified.
    expect(text).not.toMatch(/=>|function/);
  }, 20_000);

  it('masks the secrets of an http-first run, including one that came from the setup response', async () => {
    agent = await agentRequiring(`Bearer ${FROM_SETUP}`);
    const wsUrl = agent.url;
    setupServer = createServer((request, response) => {
      request.resume();
      const ok = request.headers.authorization === `Bearer ${SETUP_API}`;
      response.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(ok ? { data: { websocket_url: wsUrl, token: FROM_SETUP } } : { error: 'unauthorized' }));
    });
    await new Promise<void>((resolve) => setupServer!.listen(0, '127.0.0.1', resolve));
    const { port } = setupServer.address() as AddressInfo;

    const path = join(dir, 'trace.jsonl');
    const writer = createTraceWriter(path);
    let summary;
    try {
      const config = {
        connection: {
          mode: 'http-first',
          authorization: 'Bearer {{setup.data.token}}',
          setup: {
            url: `http://127.0.0.1:${port}/sessions`,
            headers: { Authorization: `Bearer ${SETUP_API}` },
            body: { channel: 'web' },
            websocketUrlPath: 'data.websocket_url',
          },
          keepaliveSeconds: 0,
          connectTimeoutSeconds: 5,
        },
        coalesceSeconds: 0.05,
        responseTimeoutSeconds: 5,
      };
      summary = await within(runTestSet(config, testSet, { inspect: writer.inspect }), 15_000, 'the run');
    } finally {
      writer.close();
    }
    expect(summary).toMatchObject({ total: 1, passed: 1 });

    const { text, lines } = await traceOf(path);
    expect(lines.some((line) => line.kind === 'actor' && line.actor === 'supervisor/sim-1/conversation/setup')).toBe(true);
    expect(lines.some((line) => line.kind === 'event' && (line.event as { type: string }).type === 'xstate.done.actor.setup')).toBe(true);
    for (const secret of [SETUP_API, FROM_SETUP]) expect(text).not.toContain(secret);
  }, 20_000);

  it('drops functions and actor refs, cuts cycles, caps long arrays, and keeps the trace valid JSON', async () => {
    interface Cyclic {
      name: string;
      self?: Cyclic;
    }
    const machine = setup({ types: { context: {} as { cyclic: Cyclic; fn: () => number; ref: unknown; n: number; when: Date; many: number[] } } }).createMachine({
      id: 'odd',
      context: ({ self }) => {
        const cyclic: Cyclic = { name: 'loop' };
        cyclic.self = cyclic;
        return { cyclic, fn: () => 1, ref: self, n: 0, when: new Date(0), many: Array.from({ length: 150 }, (_, i) => i) };
      },
      on: { bump: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
    });
    const path = join(dir, 'odd.jsonl');
    const writer = createTraceWriter(path);
    try {
      const actor = createActor(machine, { inspect: writer.inspect });
      actor.start();
      actor.send({ type: 'bump' });
      actor.stop();
    } finally {
      writer.close();
    }
    const { lines } = await traceOf(path);
    const last = lines.filter((line): line is Extract<TraceLine, { kind: 'snapshot' }> => line.kind === 'snapshot').at(-1)!;
    expect((last.snapshot as { context: unknown }).context).toEqual({
      cyclic: { name: 'loop', self: '[Circular]' },
      n: 1,
      when: '1970-01-01T00:00:00.000Z',
      many: [...Array.from({ length: 100 }, (_, i) => i), '[… 50 more]'],
    });
    expect(lines.filter((line) => line.kind === 'event').map((line) => (line.event as { type: string }).type)).toEqual(['xstate.init', 'bump']);
  });
});

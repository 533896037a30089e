/**
 * The loopback agent every row talks to, engine and raw-ws baseline alike. It listens on
 * 127.0.0.1, port 0, and behaves by URL path:
 *
 * - `/echo`: answers each `{"type":"message","text":t}` with one `{"type":"message","text":t}`.
 * - `/burst/<n>/<gapMs>`: answers with n messages `gapMs` apart (the coalescing rows).
 * - `/delay/<ms>`: answers each message with its echo exactly `ms` later (the load accuracy row).
 *
 * Neither sends anything unasked, so a connection nobody talks to holds (the scale row).
 *
 * It runs in this process (`startAgent`, used by the smoke test) or in a child process
 * (`spawnAgent`, used by `npm run bench`): in a child it neither competes with the client's event
 * loop nor shares its file-descriptor limit (10,000 clients + 10,000 server sockets).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { within } from './util.js';

export interface BenchAgent {
  /** `ws://127.0.0.1:<port>` (append `/echo` or `/burst/3/10`). */
  origin: string;
  /** Where it runs. */
  where: 'in-process' | 'child-process';
  /** Open WebSocket connections right now. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

export const echoPath = '/echo';
export const burstPath = (count: number, gapMs: number) => `/burst/${count}/${gapMs}`;
export const delayPath = (ms: number) => `/delay/${ms}`;

interface ServerHandle {
  port: number;
  count(): number;
  close(): Promise<void>;
}

function textOf(data: RawData): string | undefined {
  try {
    const frame = JSON.parse(data.toString()) as { type?: unknown; text?: unknown };
    return frame.type === 'message' && typeof frame.text === 'string' ? frame.text : undefined;
  } catch {
    return undefined;
  }
}

function handle(ws: WebSocket, path: string): void {
  const delay = /^\/delay\/(\d+)$/.exec(path);
  if (delay) {
    const ms = Math.min(10_000, Number(delay[1]));
    ws.on('message', (data) => {
      const text = textOf(data);
      if (text !== undefined) setTimeout(() => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'message', text })), ms);
    });
    return;
  }
  const burst = /^\/burst\/(\d+)\/(\d+)$/.exec(path);
  if (burst) {
    const count = Math.min(100, Number(burst[1]));
    const gapMs = Math.min(10_000, Number(burst[2]));
    ws.on('message', (data) => {
      const text = textOf(data);
      if (text === undefined) return;
      for (let i = 0; i < count; i++) {
        const frame = JSON.stringify({ type: 'message', text: `${text} #${i + 1}` });
        if (i === 0) ws.send(frame);
        else setTimeout(() => ws.readyState === ws.OPEN && ws.send(frame), i * gapMs);
      }
    });
    return;
  }
  ws.on('message', (data) => {
    const text = textOf(data);
    if (text !== undefined) ws.send(JSON.stringify({ type: 'message', text }));
  });
}

/** The agent's server, wherever it runs. */
export async function listenAgent(): Promise<ServerHandle> {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket as Socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      handle(ws, request.url ?? '/');
    });
  });
  // A deep backlog: the scale row opens hundreds of connections at once.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    count: () => wss.clients.size,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The agent in this process. */
export async function startAgent(): Promise<BenchAgent> {
  const server = await listenAgent();
  return {
    origin: `ws://127.0.0.1:${server.port}`,
    where: 'in-process',
    connections: async () => server.count(),
    close: () => server.close(),
  };
}

/** Messages between the bench and an agent child. */
export type AgentChildRequest = { type: 'count'; id: number } | { type: 'close' };
export type AgentChildReply = { type: 'listening'; port: number } | { type: 'count'; id: number; count: number };

/** The compiled child entry (dist/bench/agent-child.js), or null when running from sources. */
export function agentChildPath(): string | null {
  const path = fileURLToPath(new URL('./agent-child.js', import.meta.url));
  return existsSync(path) ? path : null;
}

/** The agent in a child process (needs the compiled bench: `npm run build`). */
export async function spawnAgent(): Promise<BenchAgent> {
  const path = agentChildPath();
  if (!path) throw new Error('bench: dist/bench/agent-child.js is missing; run `npm run build` first');
  const child: ChildProcess = fork(path, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await within(
    new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`bench: agent child exited with ${code}`)));
      child.on('message', (message: AgentChildReply) => {
        if (message.type === 'listening') resolve(message.port);
      });
    }),
    10_000,
    'starting the agent child',
  );
  let nextId = 0;
  return {
    origin: `ws://127.0.0.1:${port}`,
    where: 'child-process',
    connections: () =>
      within(
        new Promise<number>((resolve) => {
          const id = ++nextId;
          const onMessage = (message: AgentChildReply) => {
            if (message.type === 'count' && message.id === id) {
              child.off('message', onMessage);
              resolve(message.count);
            }
          };
          child.on('message', onMessage);
          child.send({ type: 'count', id } satisfies AgentChildRequest);
        }),
        10_000,
        'asking the agent child for its connection count',
      ),
    close: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' } satisfies AgentChildRequest);
      try {
        await within(exited, 10_000, 'stopping the agent child');
      } catch {
        // It was asked nicely; now it is the bench's own child, ended by its pid.
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Prefers a child-process agent; falls back to one in this process when running from sources. */
export async function startBenchAgent(where: 'child-process' | 'in-process' = 'child-process'): Promise<BenchAgent> {
  return where === 'child-process' && agentChildPath() ? spawnAgent() : startAgent();
}

/**
 * A loopback agent whose every move waits for the test: session-setup requests and WebSocket
 * upgrades are held until the model's path says what happens to them (answered, refused, or left
 * hanging for a timeout). The shared scripted agent answers upgrades at once, which would open
 * the socket before a path that times out in `connecting` could say otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface HeldUpgrade {
  accept(): Promise<WebSocket>;
  refuse(status: number): void;
}

export interface HeldSetup {
  request: IncomingMessage;
  respond(status: number, body: unknown): void;
}

/** One path's slice of the agent: its own URLs, so a late request from an earlier path never reaches it. */
export interface AgentSession {
  wsUrl: string;
  setupUrl: string;
  /** The next upgrade request, waiting at most `ms` for it to arrive. */
  nextUpgrade(ms: number): Promise<HeldUpgrade>;
  nextSetup(ms: number): Promise<HeldSetup>;
  /** Drops whatever is still held or open; later requests for this session are refused. */
  end(): void;
}

export interface LoopbackAgent {
  session(): AgentSession;
  close(): Promise<void>;
}

/** A FIFO whose `take` waits (bounded) for the next item. */
class Inbox<T> {
  readonly #items: T[] = [];
  readonly #waiters: Array<(item: T) => void> = [];

  put(item: T): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.#items.push(item);
  }

  take(ms: number, what: string): Promise<T> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(deliver), 1);
        reject(new Error(`no ${what} arrived within ${ms} ms`));
      }, ms);
      const deliver = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.#waiters.push(deliver);
    });
  }

  drain(): T[] {
    return this.#items.splice(0);
  }
}

interface Lane {
  upgrades: Inbox<{ request: IncomingMessage; socket: Duplex; head: Buffer }>;
  setups: Inbox<{ request: IncomingMessage; response: ServerResponse }>;
  sockets: Set<WebSocket>;
}

export async function startLoopbackAgent(): Promise<LoopbackAgent> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const connections = new Set<Socket>();
  const lanes = new Map<string, Lane>();
  let sessions = 0;
  const laneOf = (url: string | undefined) => lanes.get(new URL(url ?? '/', 'http://x').searchParams.get('session') ?? '');

  const server = createServer((request, response) => {
    const lane = laneOf(request.url);
    if (request.method === 'POST' && request.url?.startsWith('/session') && lane) {
      // The body is read so the client's request completes on its side; the answer waits.
      request.resume();
      lane.setups.put({ request, response });
      return;
    }
    response.writeHead(404).end();
  });
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  server.on('upgrade', (request, socket, head) => {
    const lane = laneOf(request.url);
    if (lane) lane.upgrades.put({ request, socket, head });
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const endLane = (key: string) => {
    const lane = lanes.get(key);
    if (!lane) return;
    lanes.delete(key);
    for (const { socket } of lane.upgrades.drain()) socket.destroy();
    for (const { response } of lane.setups.drain()) response.destroy();
    for (const ws of lane.sockets) ws.terminate();
  };

  return {
    session() {
      const key = String(++sessions);
      const lane: Lane = { upgrades: new Inbox(), setups: new Inbox(), sockets: new Set() };
      lanes.set(key, lane);
      return {
        wsUrl: `ws://127.0.0.1:${port}/ws?session=${key}`,
        setupUrl: `http://127.0.0.1:${port}/session?session=${key}`,
        async nextUpgrade(ms) {
          const { request, socket, head } = await lane.upgrades.take(ms, 'WebSocket upgrade');
          return {
            accept: () =>
              new Promise((resolve) =>
                wss.handleUpgrade(request, socket, head, (ws) => {
                  lane.sockets.add(ws);
                  resolve(ws);
                }),
              ),
            refuse: (status) => socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`),
          };
        },
        async nextSetup(ms) {
          const { request, response } = await lane.setups.take(ms, 'session-setup request');
          return {
            request,
            respond: (status, body) => {
              response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
            },
          };
        },
        end: () => endLane(key),
      };
    },
    close: async () => {
      for (const key of [...lanes.keys()]) endLane(key);
      for (const socket of connections) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

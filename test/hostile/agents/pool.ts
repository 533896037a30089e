/**
 * A pool of hostile agents behind one server on 127.0.0.1 (port 0). The first path segment picks
 * the behaviour, so one config whose URL holds `{{case.id}}` reaches a different agent per case and
 * faulty cases run side by side with good siblings in the same run:
 *   ws://127.0.0.1:PORT/<behaviour>/<anything>     WebSocket agents (see behaviours.ts)
 *   http://127.0.0.1:PORT/setup/<endpoint>/<...>   http-first setup endpoints (see setup-endpoints.ts)
 * Every connection carrying a WebSocket or an unanswered HTTP request is tracked, so a test can
 * prove the client left nothing open. Idle keep-alive connections of Node's fetch pool (setup
 * requests) are not counted: they carry nothing, are unref'd, and the pool closes them within ~4 s.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { vi } from 'vitest';
import { UPGRADE_FAULTS, WS_BEHAVIOURS, type WsBehaviour, type WsBehaviourName } from './behaviours.js';
import { SETUP_ENDPOINTS, type SetupEndpointName } from './setup-endpoints.js';

export interface HostilePool {
  port: number;
  /** `ws://127.0.0.1:PORT` (or `wss://` for a TLS pool), without a path. */
  origin: string;
  /** `<origin>/<behaviour>/<tag>`. */
  wsUrl(behaviour: WsBehaviourName | keyof typeof UPGRADE_FAULTS, tag?: string): string;
  /** Connections still open with a WebSocket or an unfinished HTTP request on them. */
  openConnections(): number;
  /** Resolves once no accepted socket is open, or rejects after `withinMs`. */
  waitForNoConnections(withinMs?: number): Promise<void>;
  /** Every text frame the agents received, parsed when it was JSON. */
  received: unknown[];
  /** Upgrade requests' headers, for checks on what the client sent. */
  upgrades: IncomingMessage['headers'][];
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Serve TLS (wss:// and https://) with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
  /** Keep `received` and `upgrades`. Off for the soak, whose heap readings they would skew. @default true */
  record?: boolean;
}

/** The behaviour named by the first path segment, e.g. `/good/2` → `good`. */
function behaviourOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path.split('/').filter(Boolean)[0] ?? '';
}

export async function startHostilePool(options: PoolOptions = {}): Promise<HostilePool> {
  /** Every accepted socket, so close() can end them all. */
  const sockets = new Set<Socket>();
  /** Sockets with a WebSocket (or an upgrade request) or an HTTP request not yet answered. */
  const engaged = new Set<Socket>();
  const hooked = new WeakSet<Socket>();
  const engage = (socket: Socket) => {
    engaged.add(socket);
    // Once per socket: a keep-alive socket carries many requests.
    if (hooked.has(socket)) return;
    hooked.add(socket);
    socket.once('close', () => engaged.delete(socket));
  };
  const received: unknown[] = [];
  const upgrades: IncomingMessage['headers'][] = [];
  const record = options.record ?? true;
  const scheme = options.tls ? 'wss' : 'ws';
  const httpScheme = options.tls ? 'https' : 'http';
  let port = 0;

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    engage(request.socket);
    response.once('finish', () => engaged.delete(request.socket));
    const [, first, endpoint, ...rest] = (request.url ?? '/').split('?')[0]!.split('/');
    const handler = first === 'setup' ? SETUP_ENDPOINTS[endpoint as SetupEndpointName] : undefined;
    if (!handler) return void response.writeHead(404).end();
    // The request body is read and ignored: a setup endpoint only needs to answer.
    request.resume();
    handler(request, response, { wsOrigin: `${scheme}://127.0.0.1:${port}`, httpOrigin: `${httpScheme}://127.0.0.1:${port}`, rest });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : createHttpServer(onRequest);
  // Two ws servers: the one that never answers pings must be told so before the upgrade.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  const noPong = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false });

  // Server-side handles are unref'd so the open-handle checks of a test see only the client's.
  server.on('secureConnection', (socket: Socket) => socket.unref());
  server.on('connection', (socket: Socket) => {
    socket.unref();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset from the client is expected in these tests; it must not crash the server.
    socket.on('error', () => undefined);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    if (record) upgrades.push(request.headers);
    engage(socket);
    const name = behaviourOf(request.url);
    const fault = UPGRADE_FAULTS[name as keyof typeof UPGRADE_FAULTS];
    if (fault) return fault(socket);
    const behaviour: WsBehaviour | undefined = WS_BEHAVIOURS[name as WsBehaviourName];
    if (!behaviour) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    const target = behaviour.autoPong === false ? noPong : wss;
    target.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', () => undefined);
      ws.on('message', (data, isBinary) => {
        if (isBinary || !record) return;
        try {
          received.push(JSON.parse(data.toString()));
        } catch {
          received.push(data.toString());
        }
      });
      behaviour.run(ws, socket, request);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  port = (server.address() as AddressInfo).port;
  const origin = `${scheme}://127.0.0.1:${port}`;

  return {
    port,
    origin,
    wsUrl: (behaviour, tag = 'x') => `${origin}/${behaviour}/${tag}`,
    openConnections: () => [...engaged].filter((socket) => !socket.destroyed).length,
    waitForNoConnections: async (withinMs = 3000) => {
      const open = () => [...engaged].filter((socket) => !socket.destroyed).length;
      await vi.waitFor(
        () => {
          if (open() > 0) throw new Error(`${open()} connection(s) still open after ${withinMs} ms`);
        },
        { timeout: withinMs, interval: 20 },
      );
    },
    received,
    upgrades,
    close: async () => {
      for (const client of [...wss.clients, ...noPong.clients]) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      noPong.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

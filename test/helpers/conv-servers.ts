/**
 * Real servers on 127.0.0.1 (port 0) that misbehave on purpose, for the conversation error and
 * pattern tests, and `rejection` (a bounded wait for a ParleyError). Every server tracks its sockets so close() never waits
 * on a client that stays connected.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { ParleyError } from '../../src/errors.js';
import { within } from './wait.js';
import type { ConnectionScript } from './scripted-agent.js';

export const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

function track(server: Server | TcpServer): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

async function listen(server: Server | TcpServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export interface HttpRequestRecord {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestHttpServer {
  url: string;
  port: number;
  requests: HttpRequestRecord[];
  close(): Promise<void>;
}

/** An HTTP server whose handler sees each request with its whole body already read. */
export async function startHttpServer(
  handler: (request: HttpRequestRecord, res: ServerResponse) => void,
): Promise<TestHttpServer> {
  const requests: HttpRequestRecord[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(record);
      handler(record, res);
    });
  });
  const close = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Accepts TCP connections and never says a word: an upgrade that is never answered. */
export async function startSilentServer(): Promise<{ url: string; accepted: () => number; close(): Promise<void> }> {
  let accepted = 0;
  const server = createTcpServer(() => {
    accepted += 1;
  });
  const close = track(server);
  const port = await listen(server);
  return { url: `ws://127.0.0.1:${port}/ws`, accepted: () => accepted, close };
}

/** A port nothing listens on: bound by us, then released. */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TlsAgent {
  /** `wss://127.0.0.1:<port>/ws` */
  url: string;
  received: unknown[];
  close(): Promise<void>;
}

/** A wss:// agent with the fixture certificate (signed by the fixture CA, for 127.0.0.1 and localhost). */
export async function startTlsAgent(script: ConnectionScript): Promise<TlsAgent> {
  const server = createHttpsServer({ key: readFileSync(`${TLS_DIR}server.key`), cert: readFileSync(`${TLS_DIR}server.pem`) });
  // A failed TLS handshake is the point of some tests; it must not become an unhandled error.
  server.on('tlsClientError', () => undefined);
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const received: unknown[] = [];
  wss.on('connection', (ws, request) => {
    ws.on('message', (data) => received.push(JSON.parse(data.toString()) as unknown));
    script(ws, request);
  });
  const closeServer = track(server);
  const port = await listen(server);
  return {
    url: `wss://127.0.0.1:${port}/ws`,
    received,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer();
    },
  };
}


/** The ParleyError `promise` rejects with, within `ms`; fails the test if it resolves instead. */
export async function rejection(promise: Promise<unknown>, ms: number, what: string): Promise<ParleyError> {
  const outcome = await within(
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    ms,
    what,
  );
  if (outcome.ok) throw new Error(`${what}: expected a rejection, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof ParleyError)) throw new Error(`${what}: expected a ParleyError, got ${String(outcome.error)}`);
  return outcome.error;
}

/** Sends each text as a `{type:'message', text}` frame, if the socket is still open. */
export function say(ws: WebSocket, ...texts: string[]): void {
  for (const text of texts) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'message', text }));
}

/** A ws agent on 127.0.0.1 that does not answer pings (ws `autoPong: false`): a dead peer for keepalive. */
export async function startDeafAgent(script: ConnectionScript): Promise<{ url: string; pings: () => number; close(): Promise<void> }> {
  const server = createHttpServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, perMessageDeflate: false, autoPong: false });
  let pings = 0;
  wss.on('connection', (ws, request) => {
    ws.on('ping', () => {
      pings += 1;
    });
    script(ws, request);
  });
  const closeServer = track(server);
  const port = await listen(server);
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    pings: () => pings,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer();
    },
  };
}

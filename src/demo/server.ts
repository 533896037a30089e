import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DemoConnection } from './connection.js';
import type { ProfileHandler } from './handler.js';
import { refuseUpgrade } from './http.js';
import { ConnectionTracker } from './tracker.js';
import type { DemoAgentStats } from './types.js';
import { boundPort, listenOn } from './listen.js';

/** Frames above this are a protocol error: no demo conversation comes close. */
const MAX_PAYLOAD_BYTES = 1 << 20;

/** An IPv6 literal needs brackets inside a URL. */
function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * One node http server carrying one profile: plain HTTP goes to the profile's `request`,
 * upgrades pass the profile's `refusal` check before ws takes them. It tracks every raw socket so
 * `close()` can release the port even with clients that never say goodbye.
 */
export class DemoServer {
  private readonly http = createServer();
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: MAX_PAYLOAD_BYTES,
  });
  private readonly tracker = new ConnectionTracker();
  private readonly connections = new Set<DemoConnection>();
  private readonly sockets = new Set<Duplex>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly handler: ProfileHandler,
    private readonly host: string,
    private readonly timeScale: number,
  ) {
    this.http.on('connection', (socket) => this.track(socket));
    this.http.on('request', (req, res) => handler.request(req, res, this.origin('ws')));
    this.http.on('upgrade', (req, socket, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('clientError', (_error, socket) => socket.destroy());
  }

  /** Starts listening; rejects (e.g. EADDRINUSE) without leaving anything open. */
  listen(port: number): Promise<void> {
    return listenOn(this.http, port, this.host);
  }

  /** The bound port (after `listen`). */
  get port(): number {
    return boundPort(this.http);
  }

  /** The URL clients start from: the profile's entry point on this server. */
  url(): string {
    return `${this.origin(this.handler.entry.scheme)}${this.handler.entry.path}`;
  }

  stats(): DemoAgentStats {
    return this.tracker.stats();
  }

  received(): unknown[][] {
    return this.tracker.received();
  }

  /** Terminates every client and closes the listener; idempotent; resolves once every socket is gone. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private origin(scheme: string): string {
    return `${scheme}://${hostForUrl(this.host)}:${this.port}`;
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy()); // a reset mid-handshake must not crash the agent
    const status = this.closing === undefined ? this.handler.refusal(req) : 503;
    if (status !== undefined) return refuseUpgrade(socket, status);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    if (this.closing !== undefined) return ws.terminate(); // the handshake finished after close() began
    const conn = new DemoConnection(ws, this.tracker.opened(), this.timeScale);
    this.connections.add(conn);
    ws.on('close', () => this.forget(conn));
    this.handler.attach(conn, req);
  }

  /** Counts a connection's end once, whether its socket closed or close() cut it. */
  private forget(conn: DemoConnection): void {
    if (this.connections.delete(conn)) this.tracker.closed();
  }

  private shutdown(): Promise<void> {
    // ws reports a terminated socket's close a tick later; count it closed now, so stats()
    // read right after close() resolves says open: 0.
    for (const conn of this.connections) {
      conn.terminate();
      this.forget(conn);
    }
    for (const socket of this.sockets) socket.destroy();
    this.wss.close();
    // The callback runs once the listener and every connection are closed (with an error if
    // listen never succeeded, which is just as closed).
    return new Promise((resolve) => this.http.close(() => resolve()));
  }
}

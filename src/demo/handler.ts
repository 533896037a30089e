import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoConnection } from './connection.js';

/** What a profile plugs into the shared demo server (see `server.ts`). */
export interface ProfileHandler {
  /** Scheme and path of the URL reported as `DemoAgent.url`. */
  readonly entry: { scheme: 'ws' | 'http'; path: string };
  /** The HTTP status refusing this upgrade request, or `undefined` to accept it. */
  refusal(req: IncomingMessage): number | undefined;
  /** Speaks the profile's protocol on an accepted connection. */
  attach(conn: DemoConnection, req: IncomingMessage): void;
  /** Answers a plain HTTP request; `wsOrigin` is `ws://<host>:<port>` of this server. */
  request(req: IncomingMessage, res: ServerResponse, wsOrigin: string): void;
}

/** Plain HTTP on a WebSocket-only profile: say what the endpoint is for. */
export function upgradeRequired(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
  res.end('This is a Parley demo agent: connect with a WebSocket client.\n');
}

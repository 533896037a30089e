import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody } from './body.js';
import type { DemoConnection } from './connection.js';
import { headerValue, pathOf, sendJson } from './http.js';
import type { ProfileHandler } from './handler.js';
import { SessionStore } from './sessions.js';
import { speakDefaultFormat } from './simple.js';

/** The API credential the session endpoint demands (the setup header of the README's connection pattern 3). */
export const DEMO_API_TOKEN = 'demo-api-token';
const SESSIONS_PATH = '/v1/sessions';
const SESSION_SOCKET_PATH = /^\/ws\/([^/]+)$/;

/** The session id named by an upgrade path `/ws/<session_id>`, if the path has that shape. */
function sessionIdOf(req: IncomingMessage): string | undefined {
  const match = SESSION_SOCKET_PATH.exec(pathOf(req.url));
  return match?.[1]; // not decoded: ids are UUIDs, and a bad %-escape must not throw here
}

/** `POST /v1/sessions`: checks the API token and body, then provisions a session. */
async function createSession(
  req: IncomingMessage,
  res: ServerResponse,
  wsOrigin: string,
  store: SessionStore,
): Promise<void> {
  if (headerValue(req.headers, 'authorization') !== `Bearer ${DEMO_API_TOKEN}`) {
    req.resume(); // drain, so the answer is not cut short by an unread body
    return sendJson(res, 401, { error: 'unauthorized' });
  }
  const body = await readJsonBody(req);
  if (!body.ok) return sendJson(res, body.status, { error: body.error });
  const session = store.create();
  const websocketUrl = `${wsOrigin}/ws/${session.id}`;
  sendJson(res, 201, { data: { session_id: session.id, websocket_url: websocketUrl, token: session.token } });
}

/** Routes plain HTTP: only the session endpoint exists. */
function route(req: IncomingMessage, res: ServerResponse, wsOrigin: string, store: SessionStore): void {
  if (pathOf(req.url) !== SESSIONS_PATH) return sendJson(res, 404, { error: 'not found' });
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendJson(res, 405, { error: 'method not allowed' });
  }
  createSession(req, res, wsOrigin, store).catch(() => {
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
  });
}

/** 404 for an unknown session, 401 unless the handshake carries that session's own token. */
function refusal(req: IncomingMessage, store: SessionStore): number | undefined {
  const id = sessionIdOf(req);
  const session = id === undefined ? undefined : store.get(id);
  if (session === undefined) return 404;
  return headerValue(req.headers, 'authorization') === `Bearer ${session.token}` ? undefined : 401;
}

/** Announces readiness and greets, then speaks the default format. */
function attach(conn: DemoConnection): void {
  speakDefaultFormat(conn);
  conn.send({ type: 'session_ready' });
  conn.send({ type: 'message', text: 'Welcome! Ask me anything.' });
}

/**
 * The http-first profile (connection pattern 3 of the README): sessions are provisioned over HTTP, and
 * each session's WebSocket needs its own bearer token (`{{setup.data.token}}`).
 */
export function httpFirstProfile(): ProfileHandler {
  const store = new SessionStore();
  return {
    entry: { scheme: 'http', path: SESSIONS_PATH },
    refusal: (req) => refusal(req, store),
    attach,
    request: (req, res, wsOrigin) => route(req, res, wsOrigin, store),
  };
}

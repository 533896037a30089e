/**
 * http-first session-setup endpoints, good and hostile. The good one answers
 * `{"data":{"url":"ws://127.0.0.1:PORT/good/setup","token":"…"}}`, so configs use
 * `websocketUrlPath: data.url`; `/setup/good/<behaviour>` hands out that ws agent instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WS_BEHAVIOURS } from './behaviours.js';

/** The session token the good endpoint hands out: a secret once a header carries it. */
export const SETUP_TOKEN = 'sess_SECRET_m3n4o5p6';

export interface SetupContext {
  /** `ws://127.0.0.1:PORT` of the pool that serves this endpoint. */
  wsOrigin: string;
  httpOrigin: string;
  /** Path segments after the endpoint's name. */
  rest: string[];
}

/** How long `late-to-silent` takes to answer. */
export const LATE_SETUP_MS = 1600;

type Endpoint = (request: IncomingMessage, response: ServerResponse, context: SetupContext) => void;

const json = (response: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
};

export const SETUP_ENDPOINTS = {
  good: (_req, response, { wsOrigin, rest }) => {
    const agent = rest[0] !== undefined && rest[0] in WS_BEHAVIOURS ? rest[0] : 'good';
    json(response, 200, { data: { url: `${wsOrigin}/${agent}/setup`, token: SETUP_TOKEN } });
  },
  /** Hostile to secrets: puts the Authorization it received where the URL belongs. */
  'echo-auth-url': (request, response) => json(response, 200, { data: { url: request.headers.authorization ?? null } }),
  /** Hostile to secrets: redirects to a URL that carries the Authorization it received. */
  'redirect-with-secret': (request, response, { httpOrigin }) =>
    response.writeHead(302, { location: `${httpOrigin}/login?auth=${encodeURIComponent(request.headers.authorization ?? '')}` }).end(),
  'status-500': (_req, response) => json(response, 500, { error: 'boom' }),
  'not-json': (_req, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'),
  /** 200 with JSON, but nothing at `data.url`. */
  'no-url': (_req, response) => json(response, 200, { data: { websocket: 'ws://127.0.0.1:1/elsewhere' } }),
  /** A URL at the path, but not a WebSocket one. */
  'http-url': (_req, response, { httpOrigin }) => json(response, 200, { data: { url: `${httpOrigin}/good/setup` } }),
  /** A ws:// URL that no URL parser accepts. */
  'bad-ws-url': (_req, response) => json(response, 200, { data: { url: 'ws://127.0.0.1:99999/x' } }),
  /** Never answers: the request hangs until the client gives up. */
  slow: () => undefined,
  /** Sends headers, then a body that never ends. */
  'slow-body': (_req, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"data":');
  },
  /** Answers after {@link LATE_SETUP_MS} with the URL of an agent that never answers the upgrade. */
  'late-to-silent': (_req, response, { wsOrigin }) => {
    const timer = setTimeout(() => json(response, 200, { data: { url: `${wsOrigin}/silent-upgrade/late` } }), LATE_SETUP_MS);
    response.once('close', () => clearTimeout(timer));
  },
  redirect: (_req, response, { httpOrigin }) => response.writeHead(302, { location: `${httpOrigin}/setup/good/redirected` }).end(),
} satisfies Record<string, Endpoint>;

export type SetupEndpointName = keyof typeof SETUP_ENDPOINTS;

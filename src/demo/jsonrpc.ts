import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** How late the login result comes (ms, before timeScale): long enough to lose any race. */
const LOGIN_DELAY_MS = 60;
const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

/** JSON-RPC 2.0 error codes: the server's own for "not logged in", the spec's for the rest. */
const NOT_LOGGED_IN = -32001;
const METHOD_NOT_FOUND = -32601;

/**
 * JSON-RPC 2.0 over WebSocket with a login that answers late: `login` gets its result after a
 * pause, and a `chat.send` before that is refused with an error (the race issue 11 describes).
 * Replies are notifications `{"jsonrpc":"2.0","method":"chat.message","params":{"text"}}`, one per
 * agent message; each request also gets its `result` (`{accepted: true}`), which a tester drops.
 */
export function speakJsonRpc(conn: DemoConnection): void {
  let loggedIn = false;
  conn.onFrame((frame) => {
    if (!isRecord(frame) || frame.jsonrpc !== '2.0' || typeof frame.method !== 'string') return;
    const { id, method } = frame;
    const params = isRecord(frame.params) ? frame.params : {};
    if (method === 'login') {
      // Logged in as the result goes out: a message sent once the result is read always gets in.
      return conn.laterDo(LOGIN_DELAY_MS, () => {
        loggedIn = true;
        conn.send({ jsonrpc: '2.0', id, result: { user: params.user ?? 'guest', session: 'ok' } });
      });
    }
    if (method !== 'chat.send') return conn.send({ jsonrpc: '2.0', id, error: { code: METHOD_NOT_FOUND, message: 'Method not found' } });
    if (!loggedIn) return conn.send({ jsonrpc: '2.0', id, error: { code: NOT_LOGGED_IN, message: 'Not logged in' } });
    conn.send({ jsonrpc: '2.0', id, result: { accepted: true } });
    const text = typeof params.text === 'string' ? params.text : '';
    answerFor(text).forEach((message, index) =>
      conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, { jsonrpc: '2.0', method: 'chat.message', params: { text: message } }),
    );
  });
}

/** The jsonrpc profile: a JSON-RPC 2.0 agent whose login answers late. */
export function jsonRpcProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: '/rpc' }, refusal: () => undefined, attach: speakJsonRpc, request: upgradeRequired };
}

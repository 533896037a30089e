import WebSocket from 'ws';
import { type AnyEventObject, type CallbackLogicFunction } from 'xstate';
import type { SocketCommand } from '../../machines/types.js';
import { connectFailed, connectionLost, describeThrown, seconds, type ErrorInfo } from '../errors.js';
import { runSession, type Session, type SocketPlan, type Wire } from './session.js';

/** How long a closing handshake may take before the socket is destroyed. */
const CLOSE_TIMEOUT_MS = 2000;
/** Codes that mean the connection broke rather than was closed by the agent. */
const ABNORMAL_CLOSE = 1006;

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

function connectError(error: Error & { code?: string }, plan: SocketPlan): ErrorInfo {
  const detail = plan.redactor.redact(error.message);
  // Node's message often names the code already (`connect ECONNREFUSED 127.0.0.1:1`): once is enough.
  const code = error.code && !detail.includes(error.code) ? ` (${error.code})` : '';
  const kind = error.code && TLS_CODES.test(error.code) ? 'TLS error: ' : '';
  return connectFailed(`${kind}${detail}${code}`, plan.redactor.redact(plan.url));
}

/**
 * The conversation's socket, on `ws`: the wire under the shared session (session.ts). A socket
 * `error` is terminal: it is reported once and nothing after it is.
 */
export const runWebSocket: CallbackLogicFunction<SocketCommand, AnyEventObject, SocketPlan> = (args) => runSession(args, connectWebSocket);

function connectWebSocket(session: Session): Wire | null {
  const { plan } = session;
  // `closeTimeout` (ws ≥ 8.18) is missing from @types/ws. No `handshakeTimeout`: the conversation's
  // `connectTimeout` delay owns that timeout (one budget shared with setup, one message), and
  // stopping this actor terminates the socket still connecting.
  const options: WebSocket.ClientOptions & { closeTimeout: number } = {
    headers: plan.headers,
    maxPayload: plan.maxPayload,
    perMessageDeflate: false,
    followRedirects: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    ...(plan.tls ? { ca: plan.tls.ca, rejectUnauthorized: plan.tls.rejectUnauthorized } : {}),
  };
  let ws: WebSocket;
  try {
    ws = new WebSocket(plan.url, plan.subprotocols ?? [], options);
  } catch (error) {
    // ws throws at once for a URL it cannot use (a port out of range, a fragment), e.g. one from a
    // setup response or a `{{case.id}}`: that is a failed connect, not a crash of the conversation.
    // ws repeats the URL in its message ("Invalid URL: ws://…"); it is named once already.
    const detail = plan.redactor.redact(describeThrown(error).replace(`: ${plan.url}`, ''));
    session.report({ type: 'socket.error', error: connectFailed(detail, plan.redactor.redact(plan.url)) });
    return null;
  }
  let opened = false;
  const { report } = session;
  ws.on('unexpected-response', (_request, response) => {
    const status = `${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim();
    report({ type: 'socket.error', error: connectFailed(`HTTP ${status} (expected 101 Switching Protocols)`, plan.redactor.redact(plan.url)) });
    response.resume();
    ws.terminate();
  });
  ws.on('open', () => {
    opened = true;
    const keepalive = startKeepalive(ws, plan.keepaliveMs, () => {
      report({ type: 'socket.error', error: connectionLost(`no pong within ${seconds(plan.keepaliveMs)}`) });
      ws.terminate();
    });
    session.onFinish(() => clearInterval(keepalive));
    session.connected(ws.protocol || undefined);
  });
  ws.on('message', (data: Buffer, isBinary) => session.received(data, isBinary));
  ws.on('error', (error: Error & { code?: string }) => {
    report({ type: 'socket.error', error: opened ? connectionLost(plan.redactor.redact(error.message)) : connectError(error, plan) });
    ws.terminate();
  });
  ws.on('close', (code, reason) => {
    if (!opened) report({ type: 'socket.error', error: connectFailed('closed before it opened', plan.redactor.redact(plan.url)) });
    else if (code === ABNORMAL_CLOSE) report({ type: 'socket.error', error: connectionLost('the socket closed without a close frame (1006)') });
    else report({ type: 'socket.closed', code, reason: plan.redactor.redact(reason.toString()) });
  });
  return {
    send(frame) {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    close() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
      else ws.terminate();
    },
    dispose() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
      else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };
}

/** Pings every `periodMs`; a ping still unanswered at the next tick calls `onMissedPong`. */
function startKeepalive(ws: WebSocket, periodMs: number, onMissedPong: () => void): NodeJS.Timeout | undefined {
  if (periodMs <= 0) return undefined;
  let awaitingPong = false;
  let lastTick = performance.now();
  ws.on('pong', () => {
    awaitingPong = false;
  });
  return setInterval(() => {
    const now = performance.now();
    // A tick this late means this process was stalled (GC, a busy callback), not the peer: it had
    // no fair chance to answer, so its ping gets one more period.
    const stalled = now - lastTick > periodMs * 1.5;
    lastTick = now;
    // Closing (either side started the close handshake): no pong will come, and closeTimeout
    // already bounds how long that may take.
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!awaitingPong) {
      awaitingPong = true;
      ws.ping();
      return;
    }
    if (stalled) return;
    // Timers run before pending socket reads: let one round of I/O in, in case the pong is there.
    setImmediate(() => {
      if (awaitingPong) onMissedPong();
    });
  }, periodMs);
}

import WebSocket from 'ws';
import { fromCallback, type AnyEventObject, type CallbackLogicFunction } from 'xstate';
import { realClock } from '../../machines/defaults.js';
import type { SocketCommand, SocketEvent } from '../../machines/types.js';
import type { ClassifiedFrame, Classifier } from '../classify.js';
import { connectFailed, connectionLost, seconds, type ErrorInfo } from '../errors.js';
import { reportFrame, type InboundPlan } from './inbound.js';
import { createOutbound, type OutboundPlan } from './outbound.js';

/**
 * Everything the socket actor needs for one conversation, built once by the engine's plan
 * (`matchSteps`, `redactor` and `autoReplies` through {@link InboundPlan}).
 */
export interface SocketPlan extends OutboundPlan, InboundPlan {
  /** `connection.protocol`: which transport speaks to the agent. @default 'json' */
  protocol: 'json' | 'socket.io';
  /** socket.io only: the Engine.IO path. */
  socketioPath: string;
  url: string;
  /** Handshake headers, Authorization included, already rendered. */
  headers: Record<string, string>;
  /** Offered as Sec-WebSocket-Protocol. */
  subprotocols?: string[];
  /** The rendered Initialization JSON, sent right after the socket opens. */
  init: string | null;
  classify: Classifier;
  /** Ping period (and keepaliveMessage period); 0 turns keepalive off. */
  keepaliveMs: number;
  /** Largest inbound frame accepted, in bytes. */
  maxPayload: number;
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
  /** Sees every inbound frame with its class (probe and trace use it). */
  onFrame?: (frame: ClassifiedFrame, data: string | Buffer, isBinary: boolean) => void;
  /** The conversation's clock, which stamps each frame as it is delivered. @default the real clock */
  now?: () => number;
}

/** How long a closing handshake may take before the socket is destroyed. */
const CLOSE_TIMEOUT_MS = 2000;
/** Codes that mean the connection broke rather than was closed by the agent. */
const ABNORMAL_CLOSE = 1006;

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

function connectError(error: Error & { code?: string }, plan: SocketPlan): ErrorInfo {
  const detail = plan.redactor.redact(error.message);
  const code = error.code ? ` (${error.code})` : '';
  const kind = error.code && TLS_CODES.test(error.code) ? 'TLS error: ' : '';
  return connectFailed(`${kind}${detail}${code}`, plan.redactor.redact(plan.url));
}

/**
 * The conversation's socket, on `ws`. Reports `socket.*` events to the conversation and sends what
 * it is told. A socket `error` is terminal: it is reported once and nothing after it is.
 */
export const runWebSocket: CallbackLogicFunction<SocketCommand, AnyEventObject, SocketPlan> = ({ input: plan, sendBack, receive }) => {
  let done = false;
  let opened = false;
  /** We asked to close: whatever ends the socket now is a normal close, not a failure. */
  let closing = false;
  let keepalive: NodeJS.Timeout | undefined;
  const report = (event: SocketEvent) => {
    if (done) return;
    if (closing && event.type === 'socket.error') event = { type: 'socket.closed', code: 1000, reason: 'closed by client' };
    if (event.type === 'socket.closed' || event.type === 'socket.error') finish();
    sendBack(event);
  };
  const finish = () => {
    done = true;
    clearInterval(keepalive);
    outbound.stop();
  };
  const outbound = createOutbound(
    plan,
    (frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
    },
    (error) => report({ type: 'socket.error', error }),
  );

  const now = plan.now ?? realClock;
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
    const detail = plan.redactor.redact((error instanceof Error ? error.message : String(error)).replace(`: ${plan.url}`, ''));
    report({ type: 'socket.error', error: connectFailed(detail, plan.redactor.redact(plan.url)) });
    return () => undefined;
  }

  ws.on('unexpected-response', (_request, response) => {
    const status = `${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim();
    report({ type: 'socket.error', error: connectFailed(`HTTP ${status} (expected 101 Switching Protocols)`) });
    response.resume();
    ws.terminate();
  });
  ws.on('open', () => {
    opened = true;
    if (plan.init !== null) ws.send(plan.init);
    keepalive = startKeepalive(ws, plan.keepaliveMs, () => {
      report({ type: 'socket.error', error: connectionLost(`no pong within ${seconds(plan.keepaliveMs)}`) });
      ws.terminate();
    });
    outbound.opened();
    report(ws.protocol ? { type: 'socket.open', subprotocol: ws.protocol } : { type: 'socket.open' });
  });
  ws.on('message', (data: Buffer, isBinary) => {
    if (done) return;
    // Stamped first: classifying, the onFrame hook and the machine's own work never shift it.
    const at = now();
    const frame = plan.classify(data, isBinary);
    plan.onFrame?.(frame, data, isBinary);
    reportFrame(frame, at, plan, (reply) => ws.readyState === WebSocket.OPEN && ws.send(reply), report);
  });
  ws.on('error', (error: Error & { code?: string }) => {
    report({ type: 'socket.error', error: opened ? connectionLost(plan.redactor.redact(error.message)) : connectError(error, plan) });
    ws.terminate();
  });
  ws.on('close', (code, reason) => {
    if (!opened) report({ type: 'socket.error', error: connectFailed('closed before it opened') });
    else if (code === ABNORMAL_CLOSE) report({ type: 'socket.error', error: connectionLost('the socket closed without a close frame (1006)') });
    else report({ type: 'socket.closed', code, reason: plan.redactor.redact(reason.toString()) });
  });

  receive((command) => {
    if (command.type === 'socket.send') return outbound.user(command.text, command.seq, command.click);
    if (command.type === 'socket.step') return outbound.step(command.index);
    closing = true;
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
    else ws.terminate();
  });

  return () => {
    finish();
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  };
};

/** The conversation's socket for the json protocol, on `ws`. */
export const socketActor = fromCallback<SocketCommand, SocketPlan>(runWebSocket);

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

import type { Socket } from 'socket.io-client';
import type { AnyEventObject, CallbackLogicFunction } from 'xstate';
import type { SocketCommand, SocketEvent } from '../../machines/types.js';
import { connectFailed, connectionLost, internalError } from '../errors.js';
import { CLIENT_CLOSE, runSession, type Session, type SocketPlan, type Wire } from './session.js';

let client: typeof import('socket.io-client') | null = null;

/**
 * Loads socket.io-client (about 100 ms) once, before the first socket.io conversation starts: most
 * agents speak plain JSON, and the load must not count in a conversation's measured connect time.
 * Every entry that starts conversations (`connect`, `runTestSet`, the queue worker) awaits
 * {@link loadTransport} first.
 */
export async function loadSocketio(): Promise<void> {
  client ??= await import('socket.io-client');
}

/** `{event, data}` as Parley sends it; anything else is not a socket.io event. */
interface OutgoingEvent {
  event: string;
  data?: unknown;
}

function toEvent(frame: string): OutgoingEvent | null {
  const value = JSON.parse(frame) as unknown;
  if (value === null || typeof value !== 'object' || typeof (value as OutgoingEvent).event !== 'string') return null;
  return value as OutgoingEvent;
}

/**
 * socket.io says only "websocket error"; the transport's own error (its `description`) says why:
 * ECONNREFUSED, a TLS failure, an HTTP status.
 */
function connectProblem(error: Error & { description?: unknown }): string {
  const cause = error.description as { message?: unknown; code?: unknown; error?: { message?: unknown; code?: unknown } } | undefined;
  const inner = cause?.error ?? cause;
  const detail = typeof inner?.message === 'string' && inner.message !== '' ? `: ${inner.message}` : '';
  const code = typeof inner?.code === 'string' && !`${error.message}${detail}`.includes(inner.code) ? ` (${inner.code})` : '';
  return `${error.message}${detail}${code}`;
}

/**
 * Disconnect reasons (socket.io v4): the server ending the session is the agent closing; everything
 * else after connecting (transport close, ping timeout, parse error) is a lost connection, since
 * reconnection is off (README "Connecting to your agent").
 */
function disconnected(reason: string, closing: boolean): SocketEvent {
  if (closing || reason === 'io client disconnect') return CLIENT_CLOSE;
  if (reason === 'io server disconnect') return { type: 'socket.closed', code: 1000, reason };
  return { type: 'socket.error', error: connectionLost(`socket.io ${reason}`) };
}

/**
 * The conversation's socket for `protocol: socket.io`, on socket.io-client v4 over its websocket
 * transport: the wire under the shared session (session.ts). Every inbound event becomes the JSON
 * frame `{event, data, args}` and goes through the same framing and classifier as a json frame; a
 * frame Parley sends is `{event, data}`, emitted as that event. socket.io has its own framing, so
 * `connection.framing` stays `json` here. The library answers socket.io's own pings;
 * `keepaliveSeconds` only paces keepaliveMessage here.
 */
export const runSocketio: CallbackLogicFunction<SocketCommand, AnyEventObject, SocketPlan> = (args) => {
  if (!client) {
    args.sendBack({ type: 'socket.error', error: internalError('socket.io-client was not loaded before the conversation started') });
    return undefined;
  }
  return runSession(args, connectSocketio(client.io));
};

const connectSocketio = (io: typeof import('socket.io-client').io) => (session: Session): Wire => {
  const { plan, report } = session;
  let opened = false;
  // socket.io-client takes ws(s):// as well as http(s)://, and reads the namespace from the path.
  const socket: Socket = io(plan.url, {
    path: plan.socketioPath,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: plan.headers,
    // The conversation's connectTimeout delay owns the connect budget; this only keeps the library quiet.
    timeout: 2 ** 31 - 1,
    ...(plan.tls ? { ca: plan.tls.ca?.toString('utf8'), rejectUnauthorized: plan.tls.rejectUnauthorized } : {}),
  });
  socket.on('connect', () => {
    opened = true;
    session.connected();
  });
  socket.on('connect_error', (error: Error) => {
    if (opened) return;
    report({ type: 'socket.error', error: connectFailed(`socket.io: ${plan.redactor.redact(connectProblem(error))}`, plan.redactor.redact(plan.url)) });
    socket.disconnect();
  });
  socket.on('disconnect', (reason: string) => report(disconnected(reason, session.closing)));
  socket.onAny((event: string, ...args: unknown[]) => session.received(JSON.stringify({ event, data: args[0] ?? null, args }), false));
  return {
    send(frame) {
      const event = typeof frame === 'string' ? toEvent(frame) : null;
      if (!event || !socket.connected) return;
      if (event.data === undefined) socket.emit(event.event);
      else socket.emit(event.event, event.data);
    },
    close() {
      const wasConnected = socket.connected;
      socket.disconnect();
      if (!wasConnected) report(CLIENT_CLOSE);
    },
    dispose() {
      socket.removeAllListeners();
      socket.offAny();
      socket.disconnect();
    },
  };
};

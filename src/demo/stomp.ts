import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import sockjs from 'sockjs';
import { answerFor } from './answers.js';
import { isRecord } from './frames.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;
/** Server heart-beats (a bare end of line) for a client that asks for them in CONNECT. */
const HEARTBEAT_MS = 500;
/** Where user messages go; the agent answers on the destination in their `reply-to` header. */
export const CHAT_DESTINATION = '/app/chat';

/** A SEND as the broker's middleware sees it: the body already parsed when it was JSON. */
interface SendArgs {
  dest: string;
  frame: { headers: Record<string, string>; body: unknown };
}

/** The part of stomp-broker-js (CommonJS, untyped) the demo uses. */
interface StompBroker {
  on(event: 'connecting' | 'disconnected', listener: (sessionId: string) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  addMiddleware(command: 'send', handler: (socket: { sessionId: string }, args: SendArgs, next: () => unknown) => unknown): void;
  send(topic: string, headers: Record<string, string>, body: string): void;
}
type BrokerConstructor = new (config: { server: Server; path: string; heartbeat: [number, number]; protocol: string }) => StompBroker;
/** stomp-broker-js's adapters by `protocol` (its lib/adapter.js): how it accepts connections. */
type Adapters = Record<string, (config: { server: Server; path: string }) => { on(event: 'connection', accept: (conn: unknown) => void): void }>;

const require = createRequire(import.meta.url);
const StompServer = require('stomp-broker-js') as BrokerConstructor;
const adapters = require('stomp-broker-js/lib/adapter') as Adapters;

/**
 * The broker's own `sockjs` adapter leaves sockjs logging every request to stdout; this one is
 * the same connection wrapper on a quiet sockjs server.
 */
// A function, not an arrow: the broker calls it with `new` (and takes the object it returns).
adapters['quiet-sockjs'] ??= function quietSockjs({ server, path }) {
  const sockjsServer = sockjs.createServer({ log: () => undefined });
  sockjsServer.installHandlers(server, { prefix: path });
  return {
    on(_event, accept) {
      sockjsServer.on('connection', (conn: sockjs.Connection | null) => {
        if (!conn) return;
        accept({
          on: (event: string, handler: (...args: unknown[]) => void) => conn.on(event === 'message' ? 'data' : event, handler),
          send: (data: string) => conn.write(data),
          close: () => conn.close(),
        });
      });
    },
  };
};

function jsonOrText(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/**
 * A Spring-style STOMP chat on the `stomp-broker-js` broker: the client CONNECTs, SUBSCRIBEs to
 * its own reply topic, and SENDs `{text}` to `/app/chat` with a `reply-to` header naming that
 * topic; each answer message is a MESSAGE `{type:'message', text}` (JSON) on it. `sockjs: true`
 * puts the broker behind SockJS at `/stomp/<server>/<session>/websocket`.
 */
export function stompProfile(options: { sockjs: boolean }): LibraryProfile {
  return {
    entry: { scheme: 'ws', path: options.sockjs ? '/stomp/000/demo/websocket' : '/stomp' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const heartbeat = Math.max(50, Math.round(HEARTBEAT_MS * timeScale));
      const broker = new StompServer({ server: http, path: '/stomp', heartbeat: [heartbeat, 0], protocol: options.sockjs ? 'quiet-sockjs' : 'ws' });
      const logs = new Map<string, unknown[]>();
      const pacers = new Map<string, ReturnType<typeof paced>>();
      broker.on('connecting', (sessionId) => logs.set(sessionId, tracker.opened()));
      broker.on('disconnected', (sessionId) => {
        pacers.get(sessionId)?.stop();
        pacers.delete(sessionId);
        if (logs.delete(sessionId)) tracker.closed();
      });
      // A broken client costs its own socket; the broker re-emits socket errors here.
      broker.on('error', () => undefined);
      broker.addMiddleware('send', (socket, args, next) => {
        if (args.dest === CHAT_DESTINATION) answer(socket.sessionId, args.frame);
        return next();
      });
      const answer = (sessionId: string, frame: SendArgs['frame']) => {
        const message = jsonOrText(frame.body);
        logs.get(sessionId)?.push(message);
        const replyTo = frame.headers['reply-to'];
        if (!isRecord(message) || typeof message.text !== 'string' || !replyTo) return;
        const pacer = pacers.get(sessionId) ?? pacers.set(sessionId, paced(timeScale)).get(sessionId)!;
        answerFor(message.text).forEach((text, index) =>
          pacer.after(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, () =>
            broker.send(replyTo, { 'content-type': 'application/json' }, JSON.stringify({ type: 'message', text })),
          ),
        );
      };
      return async () => {
        for (const pacer of pacers.values()) pacer.stop();
      };
    },
  };
}

import sockjs from 'sockjs';
import { answerFor } from './answers.js';
import { isRecord, parseFrame } from './frames.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;
/** SockJS sends `h` after this much silence: short, so a demo conversation sees protocol frames. */
const HEARTBEAT_MS = 500;

/** The user's text of a `{type:'message', text}` message, else undefined. */
export function userText(message: unknown): string | undefined {
  return isRecord(message) && message.type === 'message' && typeof message.text === 'string' ? message.text : undefined;
}

/**
 * The sockjs profile: the `sockjs` server library (what Spring's SockJsClient and sockjs-client
 * speak), on its websocket transport at `/chat/<server>/<session>/websocket`. Each message is a
 * default-format JSON text inside SockJS's `a[…]`; each answer message is one such message.
 */
export function sockjsProfile(): LibraryProfile {
  return {
    entry: { scheme: 'ws', path: '/chat/000/demo/websocket' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const server = sockjs.createServer({ log: () => undefined, heartbeat_delay: Math.max(50, HEARTBEAT_MS * timeScale) });
      server.on('connection', (conn: sockjs.Connection | null) => {
        if (!conn) return; // sockjs emits null for a session that closed while opening
        const log = tracker.opened();
        const pacer = paced(timeScale);
        conn.on('close', () => {
          pacer.stop();
          tracker.closed();
        });
        conn.on('data', (message: string) => {
          const value = parseFrame(message);
          log.push(value);
          const text = userText(value);
          if (text === undefined) return;
          answerFor(text).forEach((answer, index) =>
            pacer.after(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, () => conn.write(JSON.stringify({ type: 'message', text: answer }))),
          );
        });
      });
      server.installHandlers(http, { prefix: '/chat' });
      // sockjs has no close of its own: the demo server destroys the sockets and closes the listener.
      return async () => undefined;
    },
  };
}

import { decode, encode } from '@msgpack/msgpack';
import { WebSocket, WebSocketServer } from 'ws';
import { answerFor } from './answers.js';
import { userText } from './sockjs.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

function decoded(data: Buffer): unknown {
  try {
    return decode(data);
  } catch {
    return undefined;
  }
}

/**
 * The msgpack profile: the default message format, `{type:'message', text}`, as binary
 * MessagePack frames both ways (text frames are ignored).
 */
export function msgpackProfile(): LibraryProfile {
  return {
    entry: { scheme: 'ws', path: '/msgpack' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const wss = new WebSocketServer({ server: http, path: '/msgpack' });
      wss.on('connection', (ws) => {
        const log = tracker.opened();
        const pacer = paced(timeScale);
        ws.on('close', () => {
          pacer.stop();
          tracker.closed();
        });
        ws.on('error', () => ws.terminate());
        ws.on('message', (data: Buffer, isBinary) => {
          if (!isBinary) return;
          const message = decoded(data);
          log.push(message);
          const text = userText(message);
          if (text === undefined) return;
          answerFor(text).forEach((answer, index) =>
            pacer.after(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, () => {
              if (ws.readyState === WebSocket.OPEN) ws.send(encode({ type: 'message', text: answer }));
            }),
          );
        });
      });
      return async () => {
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      };
    },
  };
}

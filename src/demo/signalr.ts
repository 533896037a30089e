import { WebSocket, WebSocketServer } from 'ws';
import { answerFor } from './answers.js';
import { isRecord } from './frames.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const RS = '\u001e';
const FIRST_DELAY_MS = 20;
/** Hub pings, as ASP.NET Core sends them (every 15 s there; short here so a demo sees them). */
const PING_MS = 500;
const INVOCATION = 1;
const COMPLETION = 3;
const PING = 6;
const CLOSE = 7;

function records(data: string): unknown[] {
  return data
    .split(RS)
    .filter((record) => record !== '')
    .map((record) => {
      try {
        return JSON.parse(record) as unknown;
      } catch {
        return null;
      }
    });
}

/**
 * Speaks ASP.NET Core SignalR's JSON hub protocol (HubProtocol.md) on one socket: the handshake
 * (`{"protocol":"json","version":1}` answered with `{}`, another protocol refused with `error`),
 * hub pings, and a hub method `SendMessage(user, text)` answered with `ReceiveMessage("bot", text)`
 * invocations; every answer of one message travels in one frame, records ended by 0x1E.
 */
function speakSignalr(ws: WebSocket, log: unknown[], timeScale: number): void {
  let handshaken = false;
  const pacer = paced(timeScale);
  const ping = setInterval(() => send([{ type: PING }]), Math.max(20, PING_MS * timeScale));
  ws.on('close', () => {
    clearInterval(ping);
    pacer.stop();
  });
  const send = (values: unknown[]) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(values.map((value) => `${JSON.stringify(value)}${RS}`).join(''));
  };
  ws.on('message', (data) => {
    for (const record of records(String(data))) {
      log.push(record);
      if (!isRecord(record)) continue;
      if (!handshaken) {
        handshaken = true;
        if (record.protocol === 'json' && record.version === 1) send([{}]);
        else {
          send([{ error: `Requested protocol '${String(record.protocol)}' is not available.` }]);
          ws.close(1000);
        }
        continue;
      }
      if (record.type === CLOSE) ws.close(1000);
      if (record.type !== INVOCATION || record.target !== 'SendMessage' || !Array.isArray(record.arguments)) continue;
      const text = String(record.arguments[1] ?? '');
      const replies: unknown[] = answerFor(text).map((answer) => ({ type: INVOCATION, target: 'ReceiveMessage', arguments: ['bot', answer] }));
      if (typeof record.invocationId === 'string') replies.push({ type: COMPLETION, invocationId: record.invocationId, result: null });
      pacer.after(FIRST_DELAY_MS, () => send(replies));
    }
  });
}

/** The signalr profile: a SignalR hub at `/hubs/chat` (WebSockets transport, negotiation skipped). */
export function signalrProfile(): LibraryProfile {
  return {
    entry: { scheme: 'ws', path: '/hubs/chat' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const wss = new WebSocketServer({ server: http, path: '/hubs/chat' });
      wss.on('connection', (ws) => {
        const log = tracker.opened();
        ws.on('close', () => tracker.closed());
        ws.on('error', () => ws.terminate());
        speakSignalr(ws, log, timeScale);
      });
      return async () => {
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      };
    },
  };
}

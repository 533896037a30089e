/**
 * The raw-ws baseline: the least a hand-written client does to talk to the same agent — open a
 * socket, send `JSON.stringify({type, text})`, `JSON.parse` each reply and read its text. No
 * validation, no transcript, no timers, no actors.
 */
import WebSocket from 'ws';
import { within } from './util.js';

export const RAW_OPTIONS: WebSocket.ClientOptions = { perMessageDeflate: false, handshakeTimeout: 10_000 };

/** Opens a socket; resolves once it is open. */
export function openRaw(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, RAW_OPTIONS);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Closes with a close handshake and resolves when the socket is closed. */
export function closeRaw(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
    else ws.terminate();
  });
}

/** A request/response client: one outstanding question at a time. */
export class RawClient {
  #waiting: ((text: string) => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(data.toString()) as { type?: unknown; text?: unknown };
      if (frame.type !== 'message' || typeof frame.text !== 'string') return;
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting?.(frame.text);
    });
  }

  static async open(url: string): Promise<RawClient> {
    return new RawClient(await openRaw(url));
  }

  /** Sends one message and resolves with the text of the next text reply. */
  ask(text: string): Promise<string> {
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.ws.send(JSON.stringify({ type: 'message', text }));
    });
  }

  close(): Promise<void> {
    return within(closeRaw(this.ws), 5_000, 'closing a raw socket');
  }
}

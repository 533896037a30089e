import { Server, type Socket } from 'socket.io';
import { answerFor } from './answers.js';
import { menuReply, type MenuReply } from './menu.js';
import { paced, type LibraryContext, type LibraryProfile } from './standalone.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Speaks like Rasa's socketio channel: `session_request` {session_id} is confirmed with
 * `session_confirm` (the session id); each `user_uttered` {message, session_id} is answered with
 * one `bot_uttered` {text} per bot message. Utterances before the session is confirmed are ignored,
 * as Rasa does for a session it does not know.
 */
function speakRasa(socket: Socket, log: unknown[], timeScale: number): void {
  let session: string | null = null;
  const pacer = paced(timeScale);
  socket.on('disconnect', () => pacer.stop());
  socket.onAny((event: string, data: unknown) => log.push({ event, data }));
  socket.on('session_request', (data: unknown) => {
    session = isRecord(data) && typeof data.session_id === 'string' ? data.session_id : socket.id;
    socket.emit('session_confirm', session);
  });
  socket.on('user_uttered', (data: unknown) => {
    if (session === null || !isRecord(data) || typeof data.message !== 'string') return;
    const menu = menuReply(data.message);
    if (menu) return void pacer.after(FIRST_DELAY_MS, () => socket.emit('bot_uttered', rasaUtterance(menu)));
    answerFor(data.message).forEach((text, index) =>
      pacer.after(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, () => socket.emit('bot_uttered', { text })),
    );
  });
}

/**
 * A reply as Rasa's socketio channel utters it: `{text, buttons: [{title, payload}]}`, and a card
 * as an `attachment` (Rasa's custom payloads), with no text when there is none.
 */
function rasaUtterance(reply: MenuReply): Record<string, unknown> {
  const utterance: Record<string, unknown> = {};
  if (reply.text) utterance.text = reply.text;
  if (reply.choices) utterance.buttons = reply.choices;
  if (reply.card) utterance.attachment = { type: 'template', payload: { title: reply.card.title, text: reply.card.text, buttons: reply.card.buttons } };
  return utterance;
}

/** The socketio profile: a Rasa-socketio-channel-style agent on the `socket.io` server library. */
export function socketioProfile(): LibraryProfile {
  return {
    entry: { scheme: 'http', path: '/' },
    attach({ http, tracker, timeScale }: LibraryContext) {
      const io = new Server(http, { path: '/socket.io', serveClient: false, transports: ['websocket', 'polling'] });
      io.on('connection', (socket) => {
        const log = tracker.opened();
        socket.on('disconnect', () => tracker.closed());
        speakRasa(socket, log, timeScale);
      });
      return () => new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}

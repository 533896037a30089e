import { randomUUID } from 'node:crypto';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** The resume token the demo accepts at login (the README's Rocket.Chat example uses it). */
export const DDP_DEMO_TOKEN = 'demo-resume-token';
const ROOM_ID = 'GENERAL';
const FIRST_DELAY_MS = 80;
const NEXT_DELAY_MS = 60;
const PING_MS = 25_000;

const methodError = (id: unknown, error: string, reason: string) => ({
  msg: 'result',
  id,
  error: { isClientSafe: true, error, reason, message: `${reason} [${error}]`, errorType: 'Meteor.Error' },
});

/** A room message as the `stream-room-messages` subscription delivers it. */
const roomMessage = (username: string, msg: string) => ({
  msg: 'changed',
  collection: 'stream-room-messages',
  id: 'id',
  fields: { eventName: ROOM_ID, args: [{ _id: randomUUID(), rid: ROOM_ID, msg, u: { _id: username, username } }] },
});

/**
 * Rocket.Chat's realtime API over DDP, from its public documents: `connect` → `connected`; pings
 * to answer with `pong`; `login` with a resume token; `sub` to `stream-room-messages`; the
 * `sendMessage` method, whose message comes back on the stream (the guest's own, then the bot's).
 * A method call that fails is a `result` carrying an `error` instead of a `result`.
 */
function speakDdp(conn: DemoConnection): void {
  let user: string | undefined;
  conn.send({ server_id: '0' });
  conn.onFrame((frame) => {
    if (!isRecord(frame)) return;
    if (frame.msg === 'connect') {
      conn.send({ msg: 'connected', session: randomUUID() });
      return conn.every(PING_MS, { msg: 'ping' });
    }
    if (frame.msg === 'sub') return conn.send(user ? { msg: 'ready', subs: [frame.id] } : { msg: 'nosub', id: frame.id, error: { error: 'not-authorized' } });
    if (frame.msg !== 'method') return;
    const params = Array.isArray(frame.params) ? frame.params : [];
    const first = isRecord(params[0]) ? params[0] : {};
    if (frame.method === 'login') {
      if (first.resume !== DDP_DEMO_TOKEN) return conn.send(methodError(frame.id, '403', "You've been logged out by the server. Please log in again."));
      user = 'guest';
      return conn.send({ msg: 'result', id: frame.id, result: { id: user, token: DDP_DEMO_TOKEN } });
    }
    if (frame.method !== 'sendMessage') return conn.send({ msg: 'result', id: frame.id, error: { error: 404, reason: `Method '${String(frame.method)}' not found` } });
    if (!user) return conn.send(methodError(frame.id, 'error-not-allowed', 'Not allowed'));
    if (first.rid !== ROOM_ID || typeof first.msg !== 'string') return conn.send(methodError(frame.id, 'error-invalid-room', 'Invalid room'));
    conn.send(roomMessage(user, first.msg));
    conn.send({ msg: 'result', id: frame.id, result: { _id: first._id ?? randomUUID(), rid: ROOM_ID, msg: first.msg } });
    answerFor(first.msg).forEach((text, index) => conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, roomMessage('bot', text)));
  });
}

/** The ddp profile (README: Rocket.Chat realtime API, DDP). */
export function ddpProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: '/websocket' }, refusal: () => undefined, attach: speakDdp, request: upgradeRequired };
}

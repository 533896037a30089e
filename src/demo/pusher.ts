import { createHmac, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFor } from './answers.js';
import { readJsonBody } from './body.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import type { ProfileHandler } from './handler.js';
import { pathOf, sendJson } from './http.js';

/** The demo app's key and secret; the secret only ever signs on the demo's own auth endpoint. */
export const PUSHER_KEY = 'demo-key';
const PUSHER_SECRET = 'demo-secret';
const AUTH_PATH = '/pusher/auth';
const FIRST_DELAY_MS = 80;
const NEXT_DELAY_MS = 60;

/** `key:HMAC-SHA256(secret, "socket_id:channel")`, as Pusher's private-channel auth signs it. */
const signature = (socketId: string, channel: string) => `${PUSHER_KEY}:${createHmac('sha256', PUSHER_SECRET).update(`${socketId}:${channel}`).digest('hex')}`;

/** Pusher sends event data as a string holding JSON. */
const event = (name: string, data: unknown, channel?: string) => ({ event: name, ...(channel ? { channel } : {}), data: JSON.stringify(data) });

/**
 * The Pusher Channels protocol (version 7), from its public document: `pusher:connection_established`
 * with a `socket_id`; `pusher:subscribe` to a `private-` channel must carry the auth the app's
 * endpoint signed for that socket and channel, else `pusher:error` 4009; `pusher:ping` is answered
 * with `pusher:pong`; a `client-message` on the channel is answered by `bot-message` events.
 */
function speakPusher(conn: DemoConnection): void {
  const socketId = `${randomInt(1e9)}.${randomInt(1e9)}`;
  const subscribed = new Set<string>();
  conn.send(event('pusher:connection_established', { socket_id: socketId, activity_timeout: 120 }));
  conn.onFrame((frame) => {
    if (!isRecord(frame) || typeof frame.event !== 'string') return;
    const data = isRecord(frame.data) ? frame.data : {};
    if (frame.event === 'pusher:ping') return conn.send(event('pusher:pong', {}));
    if (frame.event === 'pusher:subscribe') {
      const channel = typeof data.channel === 'string' ? data.channel : '';
      if (channel.startsWith('private-') && data.auth !== signature(socketId, channel)) {
        return conn.send({ event: 'pusher:error', data: { code: 4009, message: `Invalid signature for channel ${channel}` } });
      }
      subscribed.add(channel);
      return conn.send(event('pusher_internal:subscription_succeeded', {}, channel));
    }
    const channel = typeof frame.channel === 'string' ? frame.channel : '';
    if (frame.event !== 'client-message' || !subscribed.has(channel) || typeof data.text !== 'string') return;
    answerFor(data.text).forEach((text, index) => conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, event('bot-message', { text }, channel)));
  });
}

/** The app's own auth endpoint: signs `socket_id` and `channel_name` (a JSON body). */
function route(req: IncomingMessage, res: ServerResponse): void {
  if (pathOf(req.url) !== AUTH_PATH || req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });
  void readJsonBody(req).then((body) => {
    const value = body.ok && isRecord(body.value) ? body.value : {};
    const { socket_id: socketId, channel_name: channel } = value;
    if (typeof socketId !== 'string' || typeof channel !== 'string') return sendJson(res, 400, { error: 'socket_id and channel_name required' });
    sendJson(res, 200, { auth: signature(socketId, channel) });
  });
}

/** The pusher profile (README: Pusher private channels): the socket at `/app/<key>` and the auth endpoint on the same port. */
export function pusherProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: `/app/${PUSHER_KEY}` }, refusal: () => undefined, attach: speakPusher, request: route };
}

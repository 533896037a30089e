import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** The topic a guest may join; any other topic's join is refused, as an authorizing `join/3` would. */
const OPEN_TOPIC = 'room:support';
const FIRST_DELAY_MS = 80;
const NEXT_DELAY_MS = 60;

/**
 * Phoenix Channels, from the phoenix.js protocol (the V1 JSON serializer: `{topic, event, payload,
 * ref}`): `phx_join` is answered by a `phx_reply` with `status: ok`, or `status: error` and a
 * `reason` for a topic the guest may not join; a `heartbeat` on topic `phoenix` is acknowledged; a
 * `new_msg` push is acknowledged and answered by `new_msg` broadcasts from the bot.
 */
function speakPhoenix(conn: DemoConnection): void {
  const joined = new Set<string>();
  conn.onFrame((frame) => {
    if (!isRecord(frame) || typeof frame.topic !== 'string' || typeof frame.event !== 'string') return;
    const { topic, event, ref } = frame;
    const reply = (status: 'ok' | 'error', response: unknown) => conn.send({ topic, event: 'phx_reply', payload: { status, response }, ref: ref ?? null });
    if (topic === 'phoenix' && event === 'heartbeat') return reply('ok', {});
    if (event === 'phx_join') {
      if (topic !== OPEN_TOPIC) return reply('error', { reason: 'unauthorized' });
      joined.add(topic);
      return reply('ok', {});
    }
    if (!joined.has(topic)) return reply('error', { reason: 'unmatched topic' });
    if (event !== 'new_msg') return;
    const body = isRecord(frame.payload) ? frame.payload.body : undefined;
    if (typeof body !== 'string') return reply('error', { reason: 'body required' });
    reply('ok', {});
    answerFor(body).forEach((text, index) => conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, { topic, event: 'new_msg', payload: { user: 'bot', body: text }, ref: null }));
  });
}

/** The phoenix profile (README: Phoenix Channels). */
export function phoenixProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: '/socket/websocket' }, refusal: () => undefined, attach: speakPhoenix, request: upgradeRequired };
}

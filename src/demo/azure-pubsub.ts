import { randomUUID } from 'node:crypto';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** The group a guest may join and send to; others are refused with a failed ack. */
const OPEN_GROUP = 'support';
const FIRST_DELAY_MS = 80;
const NEXT_DELAY_MS = 60;

/**
 * Azure Web PubSub's `json.webpubsub.azure.v1` subprotocol, from its public reference: a
 * `system`/`connected` message on connect; `joinGroup` and `sendToGroup` carry an `ackId` and are
 * answered by an `ack` with `success` true, or false and an `error` (`Forbidden`, `Duplicate`);
 * the bot answers in the group as `message` frames from `group`.
 */
function speakWebPubSub(conn: DemoConnection): void {
  const joined = new Set<string>();
  const acks = new Set<unknown>();
  conn.send({ type: 'system', event: 'connected', userId: 'guest', connectionId: randomUUID() });
  conn.onFrame((frame) => {
    if (!isRecord(frame)) return;
    const ack = (error?: { name: string; message: string }) => {
      if (frame.ackId === undefined) return;
      conn.send(error ? { type: 'ack', ackId: frame.ackId, success: false, error } : { type: 'ack', ackId: frame.ackId, success: true });
    };
    if (frame.ackId !== undefined && acks.has(frame.ackId)) return ack({ name: 'Duplicate', message: 'Message with the same ackId was already processed.' });
    acks.add(frame.ackId);
    const group = typeof frame.group === 'string' ? frame.group : '';
    if (frame.type === 'joinGroup') {
      if (group !== OPEN_GROUP) return ack({ name: 'Forbidden', message: `The connection has no permission to join group ${group}.` });
      joined.add(group);
      return ack();
    }
    if (frame.type !== 'sendToGroup') return;
    if (!joined.has(group)) return ack({ name: 'Forbidden', message: `The connection has no permission to send to group ${group}.` });
    ack();
    const text = isRecord(frame.data) ? frame.data.text : undefined;
    if (typeof text !== 'string') return;
    answerFor(text).forEach((answer, index) =>
      conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, { type: 'message', from: 'group', fromUserId: 'bot', group, dataType: 'json', data: { text: answer } }),
    );
  });
}

/** The azure-pubsub profile (README: Azure Web PubSub). */
export function azurePubSubProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: '/client/hubs/support' }, refusal: () => undefined, attach: speakWebPubSub, request: upgradeRequired };
}

import { randomUUID } from 'node:crypto';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause before the first delta, then between deltas (ms, before timeScale). */
const FIRST_DELAY_MS = 60;
const DELTA_DELAY_MS = 10;
/** Asked for, the demo says what the user said first: proof that the conversation kept its items. */
const MEMORY_QUESTION = /what did i say first/i;

const error = (code: string, message: string) => ({ type: 'error', event_id: randomUUID(), error: { type: 'invalid_request_error', code, message } });

/** The user text of a `conversation.item.create` with an `input_text` part, else undefined. */
function itemText(frame: Record<string, unknown>): string | undefined {
  const item = frame.item;
  if (!isRecord(item) || item.type !== 'message' || item.role !== 'user' || !Array.isArray(item.content)) return undefined;
  const part = item.content.find((content) => isRecord(content) && content.type === 'input_text');
  return isRecord(part) && typeof part.text === 'string' ? part.text : undefined;
}

/** The reply streamed as the Realtime API streams text: created, deltas (words), text.done, done. */
function respond(conn: DemoConnection, text: string): void {
  const responseId = `resp_${randomUUID()}`;
  conn.later(0, { type: 'response.created', response: { id: responseId, status: 'in_progress' } });
  const words = text.split(/(?<= )/);
  words.forEach((delta, index) => conn.later(index === 0 ? FIRST_DELAY_MS : DELTA_DELAY_MS, { type: 'response.text.delta', response_id: responseId, delta }));
  conn.later(DELTA_DELAY_MS, { type: 'response.text.done', response_id: responseId, text });
  conn.later(0, { type: 'response.done', response: { id: responseId, status: 'completed' } });
}

/**
 * The OpenAI Realtime API, text only, from its public reference: `session.created` on connect; a
 * user turn is two client events, `conversation.item.create` (kept in the conversation) and
 * `response.create`; the answer streams as `response.text.delta` events and ends with
 * `response.done`. A `response.create` with no new user item, or an unknown event, is an `error` event.
 */
function speakRealtime(conn: DemoConnection): void {
  const items: string[] = [];
  let pending: string | undefined;
  conn.send({ type: 'session.created', session: { id: `sess_${randomUUID()}`, modalities: ['text'] } });
  conn.onFrame((frame) => {
    if (!isRecord(frame)) return conn.send(error('invalid_json', 'The event is not a JSON object.'));
    if (frame.type === 'session.update') return conn.send({ type: 'session.updated', session: frame.session ?? {} });
    if (frame.type === 'conversation.item.create') {
      const text = itemText(frame);
      if (text === undefined) return conn.send(error('invalid_value', 'Only user messages with input_text are supported.'));
      items.push(text);
      pending = text;
      return conn.send({ type: 'conversation.item.created', item: { id: `item_${items.length}`, type: 'message', role: 'user' } });
    }
    if (frame.type === 'response.create') {
      if (pending === undefined) return conn.send(error('no_input', 'There is no new user item to respond to.'));
      const text = MEMORY_QUESTION.test(pending) ? `You said first: ${items[0]}` : answerFor(pending).join(' ');
      pending = undefined;
      return respond(conn, text);
    }
    conn.send(error('unknown_event', `Unknown event type ${JSON.stringify(frame.type)}.`));
  });
}

/** The openai-realtime profile (README: OpenAI Realtime, text). */
export function openaiRealtimeProfile(): ProfileHandler {
  return { entry: { scheme: 'ws', path: '/v1/realtime' }, refusal: () => undefined, attach: speakRealtime, request: upgradeRequired };
}

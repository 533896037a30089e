/**
 * README "How replies are read" over arbitrary frames: a list split by itemsPath classifies each item exactly as that
 * item would be classified alone, decode never throws, and orderByPath sorting is a stable sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationMachine } from '../../machines/conversation.js';
import { createActor } from 'xstate';
import { createClassifier } from '../../src/classify.js';
import { parseAgentConfig } from '../../src/config/load.js';
import { json } from './arbitraries.js';

const word = fc.constantFrom('message', 'typing', 'done', 'bye', 'error', 'ping', 'ack');
const item = fc.oneof(
  fc.record({ type: word, text: fc.oneof(fc.string({ maxLength: 6 }), json), from: fc.constantFrom('me', 'bot') }),
  json,
);

const messages = {
  typingTypes: ['typing'],
  turnEndTypes: ['done'],
  endTypes: ['bye'],
  errorTypes: ['error'],
  directionPath: 'from',
  inboundDirection: 'me',
  decode: ['text'],
  autoReplies: [{ when: { path: 'type', equals: 'ping' }, send: { type: 'pong' } }],
};
const config = (extra: Record<string, unknown>) => parseAgentConfig({ connection: { url: 'ws://127.0.0.1:1/ws' }, messages: { ...messages, ...extra } }, { env: {} });

describe('classification of README "How replies are read" (property)', () => {
  it('each item of a split list gets the class it would get as a frame of its own', () => {
    const split = createClassifier(config({ itemsPath: 'items' }).messages, undefined, 'me');
    const alone = createClassifier(config({}).messages, undefined, 'me');
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        const frame = split(JSON.stringify({ items }), false);
        expect(frame.split).toBe(true);
        const each = items.map((one) => alone(JSON.stringify(one), false).messages[0]!);
        expect(frame.messages.map((m) => [m.class, m.text])).toEqual(each.map((m) => [m.class, m.text]));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on any frame, whatever decode and itemsPath find there', () => {
    const classify = createClassifier(config({ itemsPath: 'text', decode: ['text', 'text.0', ''] }).messages, undefined, 'me');
    fc.assert(
      fc.property(fc.oneof(json.map((v) => JSON.stringify(v)), fc.string()), (data) => {
        expect(classify(data, false).messages.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('orderByPath delivers a turn sorted by its keys, ties (and missing keys) in arrival order', () => {
    const key = fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b')), { nil: undefined });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 6 }), (keys) => {
        const actor = createActor(conversationMachine, {
          input: { socket: {}, awaitReady: false, orderMessages: true, joinWith: '|', timeouts: { connectMs: 1e6, handshakeMs: 1e6, quietMs: 1e6, responseMs: 1e6, maxTurnMs: 1e6 } },
        });
        const turns: string[] = [];
        actor.on('conversation.turn', (event) => turns.push(event.turn.text));
        actor.start();
        actor.send({ type: 'socket.open' });
        keys.forEach((order, index) => actor.send({ type: 'socket.message', class: 'text', ready: false, text: String(index), at: index, ...(order === undefined ? {} : { order }) }));
        actor.send({ type: 'socket.message', class: 'turnEnd', ready: false, at: keys.length });
        actor.stop();
        const rank = (k: number | string | undefined) => (k === undefined ? 2 : typeof k === 'number' ? 0 : 1);
        const expected = keys
          .map((k, index) => ({ k, index }))
          .sort((a, b) => rank(a.k) - rank(b.k) || (a.k! < b.k! ? -1 : a.k! > b.k! ? 1 : 0) || a.index - b.index)
          .map((entry) => String(entry.index));
        expect(turns).toEqual([expected.join('|')]);
      }),
      { numRuns: 300 },
    );
  });
});

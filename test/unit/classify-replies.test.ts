/**
 * src/classify.ts, README "How replies are read": decode, itemsPath, the new classes in their order (ready,
 * autoReply, direction, error, end, turnEnd, typing, type, noText, text), order keys and error
 * details. Each frame would match a later class too, so a check done out of order shows.
 */
import { describe, expect, it } from 'vitest';
import { createClassifier, type ClassifiedMessage } from '../../src/classify.js';
import { parseAgentConfig } from '../../src/config/load.js';

function classifierFor(messages: Record<string, unknown>, options: { readyType?: string; inbound?: string } = {}) {
  const config = parseAgentConfig({
    connection: { url: 'ws://127.0.0.1:1/ws' },
    messages,
    ...(options.readyType === undefined ? {} : { handshake: { readyType: options.readyType } }),
  });
  const classify = createClassifier(config.messages, config.handshake.readyType, options.inbound);
  return (frame: unknown) => classify(JSON.stringify(frame), false);
}

const classes = (messages: ClassifiedMessage[]) => messages.map((message) => message.class);

const STEERING = {
  errorTypes: ['error'],
  endTypes: ['endOfConversation'],
  turnEndTypes: ['typing_stopped'],
  typingTypes: ['typing'],
  errorPath: 'error.message',
};

describe('decode', () => {
  it('parses a string holding JSON before anything else reads the frame (Amazon Connect content)', () => {
    const classify = classifierFor({ decode: 'content', typePath: 'content.Type', textTypes: ['MESSAGE'], textPath: 'content.Content' });
    const content = JSON.stringify({ Type: 'MESSAGE', Content: 'Hello from Connect' });
    expect(classify({ topic: 'aws/chat', content }).messages[0]).toMatchObject({ class: 'text', text: 'Hello from Connect' });
  });

  it('leaves a value that is not a string, or not JSON, as it is', () => {
    const classify = classifierFor({ decode: ['content'], typePath: 'content.Type', textTypes: ['MESSAGE'], textPath: 'content.Content' });
    expect(classify({ content: 'plain words' }).messages[0]!.class).toBe('type');
    expect(classify({ content: { Type: 'MESSAGE', Content: 'already an object' } }).messages[0]).toMatchObject({ class: 'text' });
    expect(classify({ other: 1 }).messages[0]!.class).toBe('type');
  });

  it('decodes nested JSON in the order given, and never through the prototype', () => {
    const inner = JSON.stringify({ type: 'message', text: 'twice encoded' });
    const classify = classifierFor({ decode: ['a', 'a.b'], typePath: 'a.b.type', textPath: 'a.b.text' });
    expect(classify({ a: JSON.stringify({ b: inner }) }).messages[0]).toMatchObject({ class: 'text', text: 'twice encoded' });
    expect(classifierFor({ decode: ['__proto__'] })({ type: 'message', text: 'x' }).messages[0]!.class).toBe('text');
  });
});

describe('itemsPath', () => {
  const classify = classifierFor({ itemsPath: 'activities', directionPath: 'from.role', outboundDirection: 'bot', ...STEERING });

  it('classifies every item of the list as its own message, in order', () => {
    const frame = classify({
      activities: [
        { type: 'message', from: { role: 'user' }, text: 'my own echo' },
        { type: 'typing', from: { role: 'bot' } },
        { type: 'message', from: { role: 'bot' }, text: 'first' },
        { type: 'message', from: { role: 'bot' }, text: 'second' },
      ],
    });
    expect(frame.split).toBe(true);
    expect(classes(frame.messages)).toEqual(['direction', 'typing', 'text', 'text']);
    expect(frame.messages.map((message) => message.text).filter(Boolean)).toEqual(['first', 'second']);
  });

  it('a frame without a list there (or an empty one) is one message, classified as such', () => {
    expect(classify({ type: 'message', from: { role: 'bot' }, text: 'no list' }).messages).toMatchObject([{ class: 'text' }]);
    expect(classify({ activities: [] })).toMatchObject({ split: false, messages: [{ class: 'direction' }] });
  });

  it('"" reads a frame that is itself a list', () => {
    const list = classifierFor({ itemsPath: '' });
    expect(classes(list([{ type: 'message', text: 'a' }, { type: 'ack' }]).messages)).toEqual(['text', 'type']);
  });
});

describe('the README "How replies are read" order', () => {
  const classify = classifierFor(
    { ...STEERING, directionPath: 'dir', outboundDirection: ['out', 'system'], autoReplies: [{ when: { path: 'op', equals: ['ping', 1] }, send: { op: 'pong' } }] },
    { readyType: 'error' },
  );
  const one = (frame: unknown) => classify(frame).messages[0]!;

  it('ready is flagged alongside any class', () => {
    expect(one({ type: 'error', dir: 'out' })).toMatchObject({ class: 'error', ready: true });
  });

  it('autoReply before direction: a ping is answered whoever it is from', () => {
    expect(one({ op: 'ping', type: 'message', text: 'x' })).toMatchObject({ class: 'autoReply', autoReply: 0 });
    expect(one({ op: 1 })).toMatchObject({ class: 'autoReply' });
    expect(one({ op: '1', dir: 'out', type: 'message', text: 'x' }).class).toBe('text');
  });

  it('direction before error, error before end, end before turnEnd, turnEnd before typing, typing before type', () => {
    expect(one({ type: 'error', dir: 'in' }).class).toBe('direction');
    expect(one({ type: 'error', dir: 'out' }).class).toBe('error');
    expect(one({ type: 'endOfConversation', dir: 'system' }).class).toBe('end');
    expect(one({ type: 'typing_stopped', dir: 'out', text: 'done' }).class).toBe('turnEnd');
    expect(one({ type: 'typing', dir: 'out', text: 'x' }).class).toBe('typing');
    expect(one({ type: 'ack', dir: 'out', text: 'x' }).class).toBe('type');
  });

  it('an error quotes the text at errorPath, else the message cut to 200 characters', () => {
    expect(one({ type: 'error', dir: 'out', error: { message: 'quota exceeded' } }).detail).toBe('quota exceeded');
    const long = one({ type: 'error', dir: 'out', error: { code: 7, data: 'x'.repeat(500) } }).detail!;
    expect(long.length).toBe(200);
    expect(long.startsWith('{"type":"error","dir":"out","error":{"code":7')).toBe(true);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('inboundDirection', () => {
  const classify = classifierFor({ directionPath: 'from.id', inboundDirection: '{{simulation.id}}' }, { inbound: 'user-42' });

  it('drops only what carries our own value, keeps everything else (no direction at all included)', () => {
    expect(classify({ type: 'message', from: { id: 'user-42' }, text: 'echo' }).messages[0]!.class).toBe('direction');
    expect(classify({ type: 'message', from: { id: 'bot' }, text: 'hi' }).messages[0]!.class).toBe('text');
    expect(classify({ type: 'message', text: 'no from' }).messages[0]!.class).toBe('text');
  });
});

describe('orderByPath', () => {
  const classify = classifierFor({ orderByPath: 'at' });
  const order = (at: unknown) => classify({ type: 'message', text: 'x', at }).messages[0]!.order;

  it('reads numbers as they are and ISO dates as epoch ms (time zones compared as instants)', () => {
    expect(order(3)).toBe(3);
    expect(order('2026-01-05T10:00:00.000Z')).toBe(Date.parse('2026-01-05T10:00:00.000Z'));
    expect(order('2026-01-05T11:00:00+01:00')).toBe(order('2026-01-05T10:00:00Z'));
  });

  it('keeps other strings as strings, and has no key for anything else', () => {
    expect(order('b-2')).toBe('b-2');
    for (const value of [undefined, null, '', true, { t: 1 }, Number.NaN]) expect(order(value)).toBeUndefined();
  });
});

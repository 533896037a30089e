/**
 * src/classify.ts: every frame gets exactly one class, checked in README "How replies are read"'s order. Each test
 * builds a frame that would match a later class too, so a check done out of order shows.
 */
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify.js';
import { parseAgentConfig } from '../../src/config/load.js';

function classifierFor(messages: Record<string, unknown> = {}, readyType?: string) {
  const config = parseAgentConfig({
    connection: { url: 'ws://127.0.0.1:1/ws' },
    messages,
    ...(readyType === undefined ? {} : { handshake: { readyType } }),
  });
  const classify = createClassifier(config.messages, config.handshake.readyType);
  // A frame without itemsPath is exactly one message.
  return (data: string | Buffer, isBinary: boolean) => {
    const { messages } = classify(data, isBinary);
    expect(messages).toHaveLength(1);
    return messages[0]!;
  };
}

const json = (value: unknown) => JSON.stringify(value);

describe('createClassifier, default format', () => {
  const classify = classifierFor();

  it('binary before anything, even when the bytes are a valid text message', () => {
    expect(classify(Buffer.from(json({ type: 'message', text: 'hi' })), true)).toMatchObject({ class: 'binary', ready: false });
  });

  it('invalidJson for text that is not JSON', () => {
    expect(classify('not json', false).class).toBe('invalidJson');
    expect(classify('{"type":"message","text":', false).class).toBe('invalidJson');
  });

  it('type for a type not in textTypes, and for a missing type', () => {
    expect(classify(json({ type: 'typing', text: 'x' }), false).class).toBe('type');
    expect(classify(json({ text: 'x' }), false).class).toBe('type');
    expect(classify(json('just a string'), false).class).toBe('type');
    expect(classify(json([{ type: 'message', text: 'x' }]), false).class).toBe('type');
  });

  it('noText for a missing, empty or non-string text', () => {
    for (const text of [undefined, '', 42, null, { t: 'x' }, ['x']]) {
      expect(classify(json({ type: 'message', text }), false).class).toBe('noText');
    }
  });

  it('text for a non-empty string at textPath, also from a Buffer', () => {
    expect(classify(json({ type: 'message', text: 'Hi! 😀' }), false)).toMatchObject({ class: 'text', text: 'Hi! 😀', ready: false });
    expect(classify(Buffer.from(json({ type: 'message', text: 'é' })), false)).toMatchObject({ class: 'text', text: 'é' });
  });
});

describe('createClassifier, custom format with direction and ready', () => {
  const classify = classifierFor(
    {
      typePath: 'class',
      textTypes: ['StructuredMessage'],
      textPath: 'body.text',
      directionPath: 'body.direction',
      outboundDirection: 'Outbound',
    },
    'SessionResponse',
  );

  it('ready is flagged before direction and type filtering', () => {
    // No direction at all: it is also a direction drop, but ready must still be seen.
    expect(classify(json({ class: 'SessionResponse', body: { connected: true } }), false)).toMatchObject({ ready: true });
  });

  it('direction before type: an echo of our own message is a direction drop', () => {
    expect(classify(json({ class: 'StructuredMessage', body: { direction: 'Inbound', text: 'echo' } }), false).class).toBe('direction');
    expect(classify(json({ class: 'TypingIndicator', body: {} }), false).class).toBe('direction');
  });

  it('type after direction: an outbound typing indicator is a type drop', () => {
    expect(classify(json({ class: 'TypingIndicator', body: { direction: 'Outbound', text: 'x' } }), false).class).toBe('type');
  });

  it('noText after type, text last', () => {
    expect(classify(json({ class: 'StructuredMessage', body: { direction: 'Outbound' } }), false).class).toBe('noText');
    expect(classify(json({ class: 'StructuredMessage', body: { direction: 'Outbound', text: 'Hello' } }), false)).toMatchObject({
      class: 'text',
      text: 'Hello',
      ready: false,
    });
  });

  it('direction is compared exactly (case matters)', () => {
    expect(classify(json({ class: 'StructuredMessage', body: { direction: 'outbound', text: 'x' } }), false).class).toBe('direction');
  });
});

describe('createClassifier, options', () => {
  it('typePath "" turns type filtering off', () => {
    const classify = classifierFor({ typePath: '' });
    expect(classify(json({ type: 'typing', text: 'anything' }), false)).toMatchObject({ class: 'text', text: 'anything' });
    expect(classify(json({ nothing: true }), false).class).toBe('noText');
  });

  it('a single textTypes string is a one-item list, and several types are all accepted', () => {
    expect(classifierFor({ textTypes: 'bot' })(json({ type: 'bot', text: 'x' }), false).class).toBe('text');
    const classify = classifierFor({ textTypes: ['a', 'b'] });
    expect(classify(json({ type: 'b', text: 'x' }), false).class).toBe('text');
    expect(classify(json({ type: 'message', text: 'x' }), false).class).toBe('type');
  });

  it('nested paths with array indices', () => {
    const classify = classifierFor({ typePath: 'activities.0.kind', textPath: 'activities.0.payload.text', textTypes: ['msg'] });
    expect(classify(json({ activities: [{ kind: 'msg', payload: { text: 'deep' } }] }), false)).toMatchObject({ class: 'text', text: 'deep' });
  });

  it('ready is never flagged without readyType', () => {
    expect(classifierFor()(json({ type: 'session_ready' }), false).ready).toBe(false);
  });

  it('a ready message that is also a text type is both ready and text', () => {
    const classify = classifierFor({}, 'message');
    expect(classify(json({ type: 'message', text: 'hi' }), false)).toMatchObject({ class: 'text', ready: true });
  });

  it('paths never reach the prototype', () => {
    const classify = classifierFor({ typePath: 'constructor.name', textTypes: ['Object'], textPath: '__proto__' });
    expect(classify(json({ a: 1 }), false).class).toBe('type');
  });
});

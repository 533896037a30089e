/**
 * src/classify.ts over arbitrary frames and configs: it never throws, and every frame gets the
 * class README "How replies are read" gives it, checked against a plain transcription of §2's ordered rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/classify.js';
import type { MessagesConfig } from '../../src/config/types.js';
import { json, path, text } from './arbitraries.js';

/** README "How replies are read", rule by rule, with its own path reader (own properties, numeric indices on arrays). */
function oracle(messages: MessagesConfig, readyType: string | undefined, data: string | Buffer, isBinary: boolean) {
  if (isBinary) return { class: 'binary', ready: false };
  let frame: unknown;
  try {
    frame = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { class: 'invalidJson', ready: false };
  }
  const read = (p: string): unknown => {
    if (p === '') return frame;
    let current = frame;
    for (const segment of p.split('.')) {
      if (['__proto__', 'constructor', 'prototype'].includes(segment)) return undefined;
      if (current === null || typeof current !== 'object') return undefined;
      if (Array.isArray(current) ? !/^\d+$/.test(segment) : !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
  const typeFiltering = messages.typePath !== '';
  const type = typeFiltering ? read(messages.typePath) : undefined;
  const ready = Boolean(readyType) && typeFiltering && type === readyType;
  const directionOn = messages.directionPath !== undefined && messages.outboundDirection !== undefined;
  if (directionOn && !messages.outboundDirection!.includes(read(messages.directionPath!) as string)) return { class: 'direction', ready };
  if (typeFiltering && !(typeof type === 'string' && messages.textTypes.includes(type))) return { class: 'type', ready };
  const value = read(messages.textPath);
  if (typeof value !== 'string' || value === '') return { class: 'noText', ready };
  return { class: 'text', ready, text: value };
}

const word = fc.constantFrom('type', 'message', 'text', 'body', 'direction', 'out', 'ready', '0', '');
const messagesConfig: fc.Arbitrary<MessagesConfig> = fc.record(
  {
    sendTemplate: fc.constant({ text: '{{message}}' }),
    typePath: fc.oneof(word, path),
    textTypes: fc.array(fc.oneof(word, text), { minLength: 1, maxLength: 3 }),
    textPath: fc.oneof(word, path, fc.constant('body.text')),
    // The config schema refuses an empty directionPath.
    directionPath: fc.oneof(word, path).filter((p) => p !== ''),
    outboundDirection: fc.array(fc.oneof(word, text), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['sendTemplate', 'typePath', 'textTypes', 'textPath'] },
).map((messages) => ({
  // README "How replies are read" fields off: this property is README "How replies are read"'s; classify.test.ts covers §9.3.
  ...messages,
  decode: [],
  typingTypes: [],
  turnEndTypes: [],
  endTypes: [],
  errorTypes: [],
  joinWith: '\n',
  autoReplies: [],
  errorWhen: [],
  endWhen: [],
  turnEndWhen: [],
  typingWhen: [],
}));

/** Frames: JSON built from the config's own words (so rules really fire), any JSON, any bytes. */
const frame = fc.oneof(
  fc
    .record({ type: fc.oneof(word, text, json), text: fc.oneof(word, text, json), direction: fc.oneof(word, json), body: json })
    .map((f) => JSON.stringify(f)),
  json.map((value) => JSON.stringify(value)),
  text,
  fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)),
);

describe('classifier (property)', () => {
  it('never throws, and classifies every frame as README "How replies are read" does', () => {
    fc.assert(
      fc.property(messagesConfig, fc.option(fc.oneof(word, text), { nil: undefined }), frame, fc.boolean(), (messages, readyType, data, isBinary) => {
        const classify = createClassifier(messages, readyType);
        const got = classify(data, isBinary).messages[0]!;
        const want = oracle(messages, readyType, data, isBinary);
        expect({ class: got.class, ready: got.ready, text: got.text }).toEqual({ class: want.class, ready: want.ready, text: want.text });
      }),
      { numRuns: 1500 },
    );
  });

  it('a text frame always carries a non-empty string, and only a text frame carries text', () => {
    fc.assert(
      fc.property(messagesConfig, frame, (messages, data) => {
        const got = createClassifier(messages)(data, false).messages[0]!;
        if (got.class === 'text') expect(typeof got.text === 'string' && got.text.length > 0).toBe(true);
        else expect(got.text).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

/** The README "How replies are read" fields of `messages`: defaults, shapes and the rules between them. */
import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/config/load.js';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

const URL = 'ws://127.0.0.1:1/ws';
const parse = (messages: Record<string, unknown>) => parseAgentConfig({ connection: { url: URL }, messages }, { env: {} });

function problems(messages: Record<string, unknown>): ConfigIssue[] {
  try {
    parse(messages);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('messages, README "How replies are read" fields', () => {
  it('reads single strings as one-item lists, and keeps every field as given', () => {
    const messages = parse({
      decode: 'content',
      itemsPath: 'activities',
      orderByPath: 'timestamp',
      directionPath: 'from.role',
      outboundDirection: 'bot',
      typingTypes: 'typing',
      turnEndTypes: ['typing_stopped'],
      endTypes: 'endOfConversation',
      errorTypes: 'error',
      errorPath: 'error.message',
      joinWith: '',
      autoReplies: [{ when: { path: 'type', equals: 'ping' }, send: '{"type":"pong"}' }],
    }).messages;
    expect(messages).toMatchObject({
      decode: ['content'],
      itemsPath: 'activities',
      orderByPath: 'timestamp',
      outboundDirection: ['bot'],
      typingTypes: ['typing'],
      turnEndTypes: ['typing_stopped'],
      endTypes: ['endOfConversation'],
      errorTypes: ['error'],
      errorPath: 'error.message',
      joinWith: '',
      autoReplies: [{ when: { path: 'type', equals: 'ping' }, send: { type: 'pong' } }],
    });
  });

  it('refuses a type in two lists, naming both', () => {
    expect(problems({ typingTypes: ['message'] })).toEqual([
      { path: 'messages.textTypes', message: '"message" is also in messages.typingTypes; a type may be in one list only' },
    ]);
    expect(problems({ endTypes: 'bye', errorTypes: 'bye' })).toEqual([
      { path: 'messages.endTypes', message: '"bye" is also in messages.errorTypes; a type may be in one list only' },
    ]);
  });

  it('wants a typePath for the type lists', () => {
    expect(problems({ typePath: '', turnEndTypes: ['done'] })).toEqual([
      { path: 'messages.turnEndTypes', message: 'cannot be used with messages.typePath "" (frames are told apart by their type)' },
    ]);
  });

  it('inboundDirection needs directionPath and excludes outboundDirection; it may hold {{simulation.id}}', () => {
    expect(problems({ inboundDirection: 'me' })).toEqual([
      { path: 'messages.directionPath', message: 'required when messages.inboundDirection is set' },
    ]);
    expect(problems({ directionPath: 'd', inboundDirection: 'me', outboundDirection: 'bot' })).toEqual([
      { path: 'messages.inboundDirection', message: 'conflicts with messages.outboundDirection (give one or the other)' },
    ]);
    expect(parse({ directionPath: 'from.id', inboundDirection: '{{simulation.id}}' }).messages.inboundDirection).toBe('{{simulation.id}}');
  });

  it('checks autoReplies field by field', () => {
    expect(problems({ autoReplies: [{ when: { path: 'type' }, send: { type: 'pong' } }] })).toEqual([
      { path: 'messages.autoReplies.0.when', message: 'condition on "type" needs equals, exists or matches' },
    ]);
    expect(problems({ autoReplies: [{ when: { path: 'type', equals: 'ping' }, send: 'not json', extra: 1 }] })).toEqual([
      { path: 'messages.autoReplies.0.send', message: expect.stringContaining('not valid JSON') as string },
      { path: 'messages.autoReplies.0.extra', message: 'unknown key' },
    ]);
  });

  it('allows placeholders in autoReplies.send, not in their when', () => {
    expect(() => parse({ autoReplies: [{ when: { path: 'type', equals: 'ping' }, send: { id: '{{simulation.id}}' } }] })).not.toThrow();
    expect(problems({ autoReplies: [{ when: { path: 'type', equals: '{{simulation.id}}' }, send: {} }] })[0]?.path).toBe(
      'messages.autoReplies.0.when.equals',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createActor, fromCallback } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import { Conversation } from '../../src/engine/connect.js';
import { Redactor } from '../../src/redact.js';

const timeouts = { connectMs: 1000, handshakeMs: 1000, quietMs: 10, responseMs: 1000, maxTurnMs: 5000 };

describe('a conversation whose engine throws', () => {
  it('still ends: close() resolves with internal-error and a pending send() rejects', async () => {
    // A socket actor that throws as it starts stands for any bug inside the engine.
    const broken = conversationMachine.provide({
      actors: {
        socket: fromCallback(() => {
          throw new Error('boom');
        }),
      },
    });
    const actor = createActor(broken, { input: { socket: {}, awaitReady: false, timeouts } });
    const conversation = new Conversation(actor as never, 'crash', new Redactor());
    const reply = conversation.send('hello');
    actor.start();

    await expect(reply).rejects.toMatchObject({ code: 'internal-error' });
    const output = await conversation.close();
    expect(output.status).toBe('failed');
    expect(output.error).toEqual({ code: 'internal-error', message: expect.stringMatching(/^Internal error: .*boom/) });
  });
});

/**
 * visualizations/conversation.mmd/§4 properties the model-based suite cannot check by itself: there the machine is the
 * model, so a machine that disagrees with the documented behaviour (README, docs/architecture.md) still agrees with its own model. These pin the
 * documented behaviour at the points where walking the graphs showed the machine departing from it (both since
 * fixed in machines/conversation.ts; kept so they stay fixed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, fromCallback, SimulatedClock, type AnyEventObject } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import type { AgentTurn, SocketCommand } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { startScriptedAgent, type ScriptedAgent } from '../helpers/scripted-agent.js';
import { within } from '../helpers/wait.js';

/** The conversation with a socket the test speaks for, awaiting a ready message, at simulated time 0. */
function awaitingReady(timeouts: { quietMs: number; responseMs: number; maxTurnMs: number }) {
  const clock = new SimulatedClock();
  let sendBack: ((event: AnyEventObject) => void) | undefined;
  const sent: string[] = [];
  const socket = fromCallback<SocketCommand>(({ sendBack: back, receive }) => {
    sendBack = back;
    receive((command) => {
      if (command.type === 'socket.send') sent.push(command.text);
    });
  });
  const actor = createActor(conversationMachine.provide({ actors: { socket } }), {
    clock,
    input: {
      socket: { fake: true },
      awaitReady: true,
      timeouts: { connectMs: 10_000, handshakeMs: 30_000, ...timeouts },
      now: () => clock.now(),
    },
  });
  const turns: AgentTurn[] = [];
  actor.on('conversation.turn', ({ turn }) => turns.push(turn));
  actor.start();
  sendBack!({ type: 'socket.open' });
  return {
    clock,
    actor,
    sent,
    turns,
    text: (text: string) => sendBack!({ type: 'socket.message', class: 'text', ready: false, text, at: clock.now() }),
    ready: () => sendBack!({ type: 'socket.message', class: 'type', ready: true, at: clock.now() }),
  };
}

let stop: (() => unknown) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('the opening turn (visualizations/conversation.mmd, awaitingReady)', () => {
  it('is idle right after a ready message that no text preceded: no empty turn, the first user message goes out at once', () => {
    const c = awaitingReady({ quietMs: 1_000, responseMs: 5_000, maxTurnMs: 60_000 });
    stop = () => c.actor.stop();
    c.ready();
    c.actor.send({ type: 'user.message', text: 'hello' });
    expect(c.actor.getSnapshot().value).toEqual({ session: { collecting: 'waiting' } });
    // Sent at the ready message, not a response timeout later.
    expect(c.sent).toEqual(['hello']);
    c.clock.increment(5_000);
    expect(c.turns.filter((turn) => turn.replyTo === null)).toEqual([]);
  });

  it('is cut by maxTurn counted from its first message, as a turn nobody asked for', () => {
    const c = awaitingReady({ quietMs: 5_000, responseMs: 30_000, maxTurnMs: 1_000 });
    stop = () => c.actor.stop();
    c.clock.increment(900);
    c.text('Welcome!');
    c.clock.increment(50);
    c.ready();
    // 100 ms after its first message the opening turn is still within maxTurn (1 s).
    c.clock.increment(100);
    expect(c.turns).toEqual([]);
    c.clock.increment(850);
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]).toMatchObject({ messages: ['Welcome!'], truncated: true, at: 900, deliveredAt: 1_900 });
  });
});

describe('agentFirst with a ready message (README "Test sets")', () => {
  let agent: ScriptedAgent | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  it('is a response-timeout when the agent sends the ready message but no opening turn', async () => {
    agent = await startScriptedAgent((ws) => {
      ws.send(JSON.stringify({ type: 'session_ready' }));
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { type?: string; text?: string };
        if (frame.type === 'message') ws.send(JSON.stringify({ type: 'message', text: `echo: ${frame.text}` }));
      });
    });
    const config = {
      connection: { url: agent.url, keepaliveSeconds: 0, connectTimeoutSeconds: 5 },
      handshake: { readyType: 'session_ready', timeoutSeconds: 5 },
      coalesceSeconds: 0.05,
      responseTimeoutSeconds: 0.5,
    };
    const testSet = parseTestSet({ cases: [{ id: 'opening', agentFirst: true, turns: ['hello'] }] });
    const results: Array<{ verdict: string; error: { code: string } | null; transcript: unknown[] }> = [];
    await within(runTestSet(config, testSet, { onResult: (result) => results.push(result) }), 10_000, 'the run');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ verdict: 'failed', error: { code: 'response-timeout' } });
  }, 15_000);
});

/**
 * Handshake steps in the conversation machine (README "Connecting to your agent") on XState's SimulatedClock: the order of
 * step commands, no user message before the last await is answered, and one handshake timeout
 * for steps and the ready message together, exact to the millisecond.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMachine, type MachineHarness } from '../helpers/conv-machine.js';

let harness: MachineHarness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

const STEPS = [{ awaits: null }, { awaits: 'type = "ack"' }, { awaits: null }, { awaits: 'id = 7' }];

function start(awaitReady = false): MachineHarness {
  harness = startMachine({ handshakeMs: 1_000 }, { steps: STEPS, awaitReady });
  return harness;
}

const answer = (h: MachineHarness, step: number) =>
  h.actor.send({ type: 'socket.message', class: 'type', ready: false, at: h.clock.now(), steps: [step] });

describe('handshake steps on a simulated clock', () => {
  it('sends steps in order, each await holding the next, and queues user messages until the last', () => {
    const h = start();
    h.open();
    h.actor.send({ type: 'user.message', text: 'early' });
    expect(h.commands).toEqual([{ type: 'socket.step', index: 0 }, { type: 'socket.step', index: 1 }]);
    expect(h.state()).toBe('session.handshake.awaitingStep');
    answer(h, 3); // the answer to a later step does not count for this one
    answer(h, 1);
    expect(h.commands.slice(2)).toEqual([{ type: 'socket.step', index: 2 }, { type: 'socket.step', index: 3 }]);
    expect(h.sent()).toEqual([]);
    h.advance(200);
    answer(h, 3);
    expect(h.sent()).toEqual(['early']);
    expect(h.commands.at(-1)).toEqual({ type: 'socket.send', text: 'early', seq: 1 });
    expect(h.actor.getSnapshot().context.timings.handshakeMs).toBe(200);
  });

  it('one timeout covers every step: it fires 1000 ms after open, however the steps went', () => {
    const h = start();
    h.open();
    h.advance(600);
    answer(h, 1);
    h.advance(399);
    expect(h.state()).toBe('session.handshake.awaitingStep');
    h.advance(1);
    const snapshot = h.actor.getSnapshot();
    expect(snapshot.status).toBe('done');
    expect(snapshot.output?.error).toEqual({ code: 'handshake-timeout', message: 'Handshake timeout: step 4 got no frame with id = 7 within 1 s' });
  });

  it('text during the steps is the opening turn; a ready message during them counts once they end', () => {
    const h = start(true);
    h.open();
    h.ready();
    h.text('Welcome!');
    answer(h, 1);
    answer(h, 3);
    expect(h.state()).toBe('session.collecting.receiving');
    expect(h.reports).toContainEqual({ type: 'conversation.ready', openingStarted: true });
  });

  it('without the ready message yet, it waits for it after the steps, in the same budget', () => {
    const h = start(true);
    h.open();
    answer(h, 1);
    answer(h, 3);
    expect(h.state()).toBe('session.handshake.awaitingReady');
    h.advance(1_000);
    expect(h.actor.getSnapshot().output?.error?.message).toBe('Handshake timeout: no ready message within 1 s');
  });
});

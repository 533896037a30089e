/**
 * Exact timer logic of machines/conversation.ts (visualizations/conversation.mmd) on XState's SimulatedClock: every timer
 * is checked one millisecond before and at its deadline, so an off-by-a-timer bug cannot hide
 * behind real-time slack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMachine, type MachineHarness } from '../helpers/conv-machine.js';

let harness: MachineHarness | undefined;
const start = (...args: Parameters<typeof startMachine>) => (harness = startMachine(...args));
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

/** Opens the socket and sends one user message at the current simulated time. */
function openAndSend(h: MachineHarness, text = 'hi'): void {
  h.open();
  h.actor.send({ type: 'user.message', text });
}

describe('conversation timers on a simulated clock', () => {
  it('coalesces a burst inside the quiet period into one turn, with exact latencies', () => {
    const h = start({ quietMs: 2_000 });
    openAndSend(h);
    expect(h.sent()).toEqual(['hi']);
    h.advance(100);
    h.text('a');
    h.advance(1_500);
    h.text('b');
    h.advance(1_999); // one ms short of the quiet period after `b`
    expect(h.turns).toHaveLength(0);
    h.advance(1);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({
      text: 'a\nb',
      messages: ['a', 'b'],
      replyTo: 1,
      at: 100,
      deliveredAt: 3_600,
      latencyMs: 100,
      lastMessageLatencyMs: 1_600,
      timedOut: false,
      truncated: false,
    });
    expect(h.state()).toBe('session.idle');
  });

  it('times a frame by when the socket delivered it, not by when the machine got to it', () => {
    const h = start({ quietMs: 2_000 });
    openAndSend(h);
    h.advance(400);
    // Delivered at 100 ms, processed at 400 ms (a busy event loop in between).
    h.text('a', 100);
    h.advance(2_000);
    expect(h.turns[0]).toMatchObject({ at: 100, latencyMs: 100, lastMessageLatencyMs: 100, deliveredAt: 2_400 });
  });

  it('makes two turns of a gap longer than the quiet period', () => {
    const h = start({ quietMs: 2_000 });
    openAndSend(h);
    h.advance(100);
    h.text('first');
    h.advance(2_000);
    expect(h.turns.map((t) => t.messages)).toEqual([['first']]);
    h.advance(500);
    h.text('second');
    h.advance(2_000);
    expect(h.turns.map((t) => t.messages)).toEqual([['first'], ['second']]);
    // The late message was asked for by nobody: no reply number, no latency.
    expect(h.turns[1]).toMatchObject({ replyTo: null, at: 2_600 });
    expect(h.turns[1]!.latencyMs).toBeUndefined();
  });

  it('with coalescing 0 makes every text message its own turn at once', () => {
    const h = start({ quietMs: 0 });
    openAndSend(h);
    h.advance(10);
    h.text('one');
    h.text('two');
    h.text('three');
    expect(h.turns.map((t) => t.messages)).toEqual([['one'], ['two'], ['three']]);
    expect(h.turns.map((t) => t.replyTo)).toEqual([1, null, null]);
    expect(h.turns[0]).toMatchObject({ latencyMs: 10, lastMessageLatencyMs: 10, deliveredAt: 10 });
  });

  it('delivers an empty timed-out turn when no reply starts within the response timeout', () => {
    const h = start({ responseMs: 5_000 });
    openAndSend(h);
    h.advance(4_999);
    expect(h.turns).toHaveLength(0);
    h.advance(1);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ text: '', messages: [], replyTo: 1, timedOut: true, truncated: false, at: 5_000 });
    expect(h.turns[0]!.latencyMs).toBeUndefined();
    expect(h.state()).toBe('session.idle');
  });

  it('ignores dropped frames for the response timeout and the quiet period', () => {
    const h = start({ quietMs: 1_000, responseMs: 5_000 });
    openAndSend(h);
    h.advance(100);
    h.text('a');
    h.advance(500);
    h.drop('type'); // a typing indicator must not keep the turn open
    h.advance(499);
    expect(h.turns).toHaveLength(0);
    h.advance(1);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ messages: ['a'], deliveredAt: 1_100 });
    expect(h.actor.getSnapshot().context.dropped.type).toBe(1);
  });

  it('cuts a reply still growing after maxTurn, measured from the user message', () => {
    const h = start({ quietMs: 2_000, maxTurnMs: 5_000 });
    openAndSend(h);
    for (let i = 1; i <= 4; i += 1) {
      h.advance(1_000);
      h.text(`m${i}`);
    }
    h.advance(999);
    expect(h.turns).toHaveLength(0);
    h.advance(1);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ messages: ['m1', 'm2', 'm3', 'm4'], truncated: true, timedOut: false, deliveredAt: 5_000 });
    // What comes after the cut is a new turn, not lost.
    h.advance(100);
    h.text('m5');
    h.advance(2_000);
    expect(h.turns[1]).toMatchObject({ messages: ['m5'], replyTo: null, truncated: false });
  });

  it('cuts an unsolicited turn maxTurn after its first message', () => {
    const h = start({ quietMs: 2_000, maxTurnMs: 5_000 });
    h.open();
    h.advance(10_000); // idle for a long time: must not count against the turn
    for (let i = 0; i < 6; i += 1) {
      h.text(`u${i}`);
      h.advance(1_000);
    }
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ replyTo: null, truncated: true, at: 10_000, deliveredAt: 15_000 });
    expect(h.turns[0]!.messages).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
  });

  it('keeps user messages sent while a reply is collected, and sends them in order after it is delivered', () => {
    const h = start({ quietMs: 2_000 });
    openAndSend(h, 'one');
    h.advance(100);
    h.text('r1');
    h.advance(400);
    h.actor.send({ type: 'user.message', text: 'two' });
    h.actor.send({ type: 'user.message', text: 'three' });
    expect(h.sent()).toEqual(['one']);
    h.advance(1_600); // quiet period after r1 ends at 2100
    expect(h.turns.map((t) => t.replyTo)).toEqual([1]);
    expect(h.sent()).toEqual(['one', 'two']);
    expect(h.userTurns.map((t) => [t.text, t.seq, t.at])).toEqual([
      ['one', 1, 0],
      ['two', 2, 2_100],
    ]);
    h.advance(50);
    h.text('r2');
    h.advance(2_000);
    expect(h.sent()).toEqual(['one', 'two', 'three']);
    expect(h.turns[1]).toMatchObject({ replyTo: 2, messages: ['r2'], latencyMs: 50 });
    expect(h.userTurns[2]).toMatchObject({ seq: 3, at: 4_150 });
  });

  it('keeps a user message sent before the socket opens until it opens', () => {
    const h = start();
    h.actor.send({ type: 'user.message', text: 'early' });
    h.advance(300);
    expect(h.sent()).toEqual([]);
    h.open();
    expect(h.sent()).toEqual(['early']);
    expect(h.userTurns[0]).toMatchObject({ at: 300 });
  });

  it('starts the opening turn with text that arrives before the ready message', () => {
    const h = start({ quietMs: 1_000, handshakeMs: 5_000 }, { awaitReady: true });
    h.open();
    h.advance(100);
    h.drop('direction');
    h.text('Welcome!');
    h.advance(200);
    h.ready();
    expect(h.reports.find((r) => r.type === 'conversation.ready')).toEqual({ type: 'conversation.ready', openingStarted: true });
    h.advance(799);
    expect(h.turns).toHaveLength(0);
    h.advanceUntil(() => h.turns.length > 0, 2_000);
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ messages: ['Welcome!'], replyTo: null, at: 100 });
    // Quiet since the text (1100) or since the ready frame (1300): the README allows either reading.
    expect(h.turns[0]!.deliveredAt).toBeGreaterThanOrEqual(1_100);
    expect(h.turns[0]!.deliveredAt).toBeLessThanOrEqual(1_300);
    expect(h.turns[0]!.latencyMs).toBeUndefined();
    expect(h.actor.getSnapshot().context.dropped.direction).toBe(1);
    expect(h.actor.getSnapshot().context.timings.handshakeMs).toBe(300);
  });

  it('fails with handshake-timeout exactly when the handshake timer ends', () => {
    const h = start({ handshakeMs: 3_000 }, { awaitReady: true });
    h.open();
    h.advance(2_999);
    expect(h.state()).toBe('session.handshake.awaitingReady');
    h.advance(1);
    const snapshot = h.actor.getSnapshot();
    expect(snapshot.status).toBe('done');
    expect(snapshot.output?.error?.code).toBe('handshake-timeout');
    expect(snapshot.output?.error?.message).toMatch(/^Handshake timeout/);
  });

  it('fails with connect-timeout exactly when the connect timer ends', () => {
    const h = start({ connectMs: 4_000 });
    h.advance(3_999);
    expect(h.state()).toBe('session.connecting');
    h.advance(1);
    expect(h.actor.getSnapshot().output?.error).toMatchObject({ code: 'connect-timeout' });
    expect(h.actor.getSnapshot().output?.error?.message).toMatch(/^Timeout connecting to WebSocket/);
  });

  it('delivers what was collected when the agent closes, then ends closed with its code', () => {
    const h = start({ quietMs: 2_000 });
    openAndSend(h);
    h.advance(100);
    h.text('partial');
    h.actor.send({ type: 'socket.closed', code: 4000, reason: 'bye' });
    expect(h.turns[0]).toMatchObject({ messages: ['partial'], replyTo: 1 });
    expect(h.actor.getSnapshot().output).toMatchObject({ status: 'closed', error: null, close: { code: 4000, reason: 'bye' } });
  });
});

/**
 * visualizations/conversation.mmd: "Text messages that arrive [in awaitingReady] start the agent's opening turn: after the
 * ready message the conversation goes to collecting instead of idle" — so without such text it
 * goes to idle, and a user message is sent at once.
 */
describe('handshake without an opening turn', () => {
  it('is idle right after the ready message and sends the first user message at once', () => {
    const h = start({ responseMs: 30_000 }, { awaitReady: true });
    h.open();
    h.advance(50);
    h.ready();
    expect(h.reports.find((r) => r.type === 'conversation.ready')).toEqual({ type: 'conversation.ready', openingStarted: false });
    expect(h.state()).toBe('session.idle');
    h.actor.send({ type: 'user.message', text: 'hello' });
    expect(h.sent()).toEqual(['hello']);
  });

  it('delivers no empty timed-out opening turn', () => {
    const h = start({ responseMs: 5_000 }, { awaitReady: true });
    h.open();
    h.ready();
    h.advance(10_000);
    expect(h.turns).toEqual([]);
  });
});

describe('opening turn measured from its first message', () => {
  // visualizations/conversation.mmd: a turn nobody asked for is cut maxTurnSeconds after its first message, not after
  // the conversation started.
  it('is not cut by time spent connecting before its first message', () => {
    const h = start({ quietMs: 2_000, maxTurnMs: 10_000, handshakeMs: 60_000 }, { awaitReady: true });
    h.open();
    h.advance(8_000);
    h.text('w0'); // first message of the opening at t=8000
    h.advance(1_000);
    h.ready();
    for (let i = 1; i <= 8; i += 1) {
      h.advance(1_000);
      h.text(`w${i}`); // up to t=17000
    }
    expect(h.turns).toHaveLength(0);
    h.advance(1_000); // t=18000: 10 s after the first message
    expect(h.turns).toHaveLength(1);
    expect(h.turns[0]).toMatchObject({ truncated: true, at: 8_000, deliveredAt: 18_000 });
  });
});

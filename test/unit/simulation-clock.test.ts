import { afterEach, describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import type { ExpectationResult } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { CLOCK_START, startSimulation, type SimulationHarness } from '../helpers/run-fake-conversation.js';

let sim: SimulationHarness | undefined;

afterEach(() => {
  sim?.stop();
  sim = undefined;
});

const iso = (ms: number) => new Date(ms).toISOString();

describe('simulation machine, agentFirst opening (README "Test sets")', () => {
  it('fails with response-timeout exactly responseTimeout after ready when no opening comes', () => {
    sim = startSimulation({ turns: ['hello'], agentFirst: true, responseMs: 5_000 });
    sim.advance(40); // connecting takes a while; the wait starts at ready
    sim.fake({ type: 'fake.ready' });
    expect(sim.state()).toBe('running.awaitingOpening');

    sim.advance(4_999);
    expect(sim.state()).toBe('running.awaitingOpening');
    expect(sim.log).toEqual([]);

    sim.advance(1);
    expect(sim.log).toEqual([{ type: 'conversation.close' }]);
    const out = sim.output()!;
    expect(out.verdict).toBe('failed');
    expect(out.error).toEqual({ code: 'response-timeout', message: expect.stringMatching(/^No reply within 5 s/) as string });
    expect(out.transcript).toEqual([]);
    expect(out.durationMs).toBe(5_040);
    expect(out.startedAt).toBe(iso(CLOCK_START));
  });

  it('takes an opening that arrives just in time, then sends the first user message', () => {
    sim = startSimulation({ turns: ['hello'], agentFirst: true, responseMs: 5_000 });
    sim.fake({ type: 'fake.ready' });
    sim.advance(4_999);
    sim.fake({ type: 'fake.turn', turn: { text: 'Hi!' } });
    expect(sim.sent()).toEqual(['hello']);

    sim.advance(1_000); // past the opening timeout: it must be gone
    expect(sim.state()).toBe('running.awaitingReply');
    sim.fake({ type: 'fake.turn', turn: { text: 'echo', replyTo: 1, latencyMs: 120, lastMessageLatencyMs: 130 } });

    const out = sim.output()!;
    expect(out).toMatchObject({ verdict: 'passed', error: null });
    expect(out.transcript).toEqual([
      { role: 'agent', text: 'Hi!', messages: ['Hi!'], at: iso(CLOCK_START + 4_999), timedOut: false, truncated: false },
      { role: 'user', text: 'hello', at: iso(CLOCK_START + 4_999) },
      { role: 'agent', text: 'echo', messages: ['echo'], at: iso(CLOCK_START + 5_999), latencyMs: 120, lastMessageLatencyMs: 130, timedOut: false, truncated: false },
    ]);
  });

  it('does not take an empty, timed-out turn for the opening', () => {
    // What the conversation delivers when an agent with a ready message stays silent.
    sim = startSimulation({ turns: ['hello'], agentFirst: true, responseMs: 5_000 });
    sim.fake({ type: 'fake.ready' });
    sim.advance(5_000 - 1);
    sim.fake({ type: 'fake.turn', turn: { text: '', timedOut: true } });

    expect(sim.sent()).toEqual([]);
    sim.advance(1);
    expect(sim.output()?.error?.code).toBe('response-timeout');
  });

  it('is no wait at all without agentFirst: the first user message goes out at ready', () => {
    sim = startSimulation({ turns: ['hello'], responseMs: 5_000 });
    sim.fake({ type: 'fake.ready' });
    expect(sim.sent()).toEqual(['hello']);
  });
});

describe('simulation machine, replies and transcript', () => {
  it('records a turn nobody asked for in order, and checks only the reply to each turn', () => {
    const checked: Array<[number, string]> = [];
    const check = (turn: number, reply: string): ExpectationResult[] => {
      checked.push([turn, reply]);
      return [{ turn, kind: 'contains', value: 'echo', ok: reply.includes('echo') }];
    };
    sim = startSimulation({ turns: ['one', 'two'], check });
    sim.fake({ type: 'fake.ready' });
    sim.advance(100);
    sim.fake({ type: 'fake.turn', turn: { text: 'echo one', replyTo: 1 } });
    sim.advance(100);
    sim.fake({ type: 'fake.turn', turn: { text: 'by the way…', replyTo: null } });
    expect(sim.state()).toBe('running.awaitingReply');
    sim.advance(100);
    sim.fake({ type: 'fake.turn', turn: { text: 'echo two', replyTo: 2 } });

    const out = sim.output()!;
    expect(out.verdict).toBe('passed');
    expect(out.transcript.map((e) => `${e.role}:${e.text}`)).toEqual(['user:one', 'agent:echo one', 'user:two', 'agent:by the way…', 'agent:echo two']);
    expect(checked).toEqual([
      [1, 'echo one'],
      [2, 'echo two'],
    ]);
  });

  it('fails with response-timeout on a timed-out reply and sends nothing more', () => {
    sim = startSimulation({ turns: ['one', 'two'], responseMs: 3_000 });
    sim.fake({ type: 'fake.ready' });
    sim.advance(3_000);
    sim.fake({ type: 'fake.turn', turn: { text: '', replyTo: 1, timedOut: true } });

    const out = sim.output()!;
    expect(out.verdict).toBe('failed');
    expect(out.error?.code).toBe('response-timeout');
    expect(out.error?.message).toMatch(/^No reply within 3 s/);
    expect(sim.log).toEqual([{ type: 'user.message', text: 'one' }, { type: 'conversation.close' }]);
    expect(out.transcript.at(-1)).toMatchObject({ role: 'agent', text: '', timedOut: true });
  });

  it('keeps the first failed expectation as the error and still runs the remaining turns', () => {
    const check = (turn: number): ExpectationResult[] => [{ turn, kind: 'contains', value: 'x', ok: turn === 2 }];
    sim = startSimulation({ turns: ['one', 'two', 'three'], check });
    sim.fake({ type: 'fake.ready' });
    for (const replyTo of [1, 2, 3]) sim.fake({ type: 'fake.turn', turn: { text: `r${replyTo}`, replyTo } });

    const out = sim.output()!;
    expect(sim.sent()).toEqual(['one', 'two', 'three']);
    expect(out.verdict).toBe('failed');
    expect(out.error).toEqual({ code: 'expectation-failed', message: expect.stringMatching(/^Expectation failed: the reply to turn 1 /) as string });
    expect(out.expectations.map((e) => [e.turn, e.ok])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('keeps latencies and timings to 0.1 ms (README "Load testing"), rounds durations, and takes dropped counts from the conversation', () => {
    sim = startSimulation({ turns: ['one'] });
    sim.fake({ type: 'fake.ready' });
    sim.advance(1_234);
    sim.fake({ type: 'fake.turn', turn: { text: 'r', replyTo: 1, latencyMs: 12.64, lastMessageLatencyMs: 40.25 } });

    const out = sim.output()!;
    expect(out.timings).toEqual({ setupMs: null, connectMs: 5.4, handshakeMs: null });
    expect(out.durationMs).toBe(1_234);
    expect(out.transcript[1]).toMatchObject({ latencyMs: 12.6, lastMessageLatencyMs: 40.3 });
    expect(out.dropped).toEqual(emptyDrops());
  });
});

describe('simulation machine, endings', () => {
  it('fails with agent-closed when the conversation ends before the case did', () => {
    sim = startSimulation({ turns: ['one', 'two'] });
    sim.fake({ type: 'fake.ready' });
    sim.fake({ type: 'fake.end', output: { close: { code: 1011, reason: 'boom' } } });

    const out = sim.output()!;
    expect(out.verdict).toBe('failed');
    expect(out.error).toEqual({ code: 'agent-closed', message: 'Agent closed the connection before the case ended (code 1011: boom)' });
  });

  it('is an error, not a failure, when the conversation could not be had', () => {
    sim = startSimulation({ turns: ['one'] });
    const error = { code: 'connect-failed' as const, message: 'Failed to connect to WebSocket: refused' };
    sim.fake({ type: 'fake.end', output: { status: 'failed', error, ready: false, close: null, timings: { setupMs: null, connectMs: null, handshakeMs: null } } });

    const out = sim.output()!;
    expect(out).toMatchObject({ verdict: 'error', error, transcript: [] });
    expect(out.timings).toEqual({ setupMs: null, connectMs: null, handshakeMs: null });
  });

  it('is a failure when the connection is lost mid-conversation', () => {
    sim = startSimulation({ turns: ['one'] });
    sim.fake({ type: 'fake.ready' });
    const error = { code: 'connection-lost' as const, message: 'Connection lost: no pong within 15 s' };
    sim.fake({ type: 'fake.end', output: { status: 'failed', error, close: null } });
    expect(sim.output()).toMatchObject({ verdict: 'failed', error });
  });

  it('ends cancelled with the transcript so far on sim.cancel', () => {
    sim = startSimulation({ turns: ['one', 'two'] });
    sim.fake({ type: 'fake.ready' });
    sim.fake({ type: 'fake.turn', turn: { text: 'r1', replyTo: 1 } });
    sim.actor.send({ type: 'sim.cancel' });

    expect(sim.log.at(-1)).toEqual({ type: 'conversation.close' });
    const out = sim.output()!;
    expect(out.verdict).toBe('error');
    expect(out.error?.code).toBe('cancelled');
    expect(out.error?.message).toMatch(/^Cancelled/);
    expect(out.transcript.map((e) => e.text)).toEqual(['one', 'r1', 'two']);
  });

  it('is cancelled while still connecting, with an empty transcript', () => {
    sim = startSimulation({ turns: ['one'] });
    sim.actor.send({ type: 'sim.cancel' });
    expect(sim.output()).toMatchObject({ verdict: 'error', error: { code: 'cancelled' }, transcript: [] });
  });

  it('stops its conversation when its expectation checker throws, so no socket is left behind', () => {
    sim = startSimulation({
      turns: ['one'],
      check: () => {
        throw new Error('checker bug');
      },
    });
    sim.fake({ type: 'fake.ready' });
    const conversation = sim.actor.getSnapshot().children.conversation as AnyActorRef;
    sim.fake({ type: 'fake.turn', turn: { text: 'r1', replyTo: 1 } });

    // Either the simulation turns the throw into a result, or it dies; its conversation must not outlive it.
    const snapshot = sim.actor.getSnapshot();
    if (snapshot.status === 'done') expect(snapshot.output?.error?.code).toBe('internal-error');
    expect(conversation.getSnapshot().status).not.toBe('active');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDrops } from '../../machines/defaults.js';
import type { Job, SimulationResult } from '../../machines/types.js';
import { loadAgentConfig, parseTestSet } from '../../src/config/load.js';
import { runTestSet, type RunOptions } from '../../src/engine/run.js';
import type { RunSummary } from '../../src/engine/summary.js';
import { echoAfter, startCountingAgent, type Behaviour, type CountingAgent, type Peer } from '../helpers/run-agent.js';
import { agentConfigFor, rawAgentConfig } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';

let agent: CountingAgent | undefined;

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

/** Runs a test set against the current agent; results by arrival. */
async function run(
  cases: unknown[],
  overrides: Record<string, unknown> = {},
  options: RunOptions = {},
): Promise<{ summary: RunSummary; results: SimulationResult[] }> {
  const results: SimulationResult[] = [];
  const summary = await within(
    runTestSet(agentConfigFor(agent!.url, overrides), parseTestSet({ cases }), { ...options, onResult: (r) => results.push(r) }),
    10_000,
    'the run',
  );
  return { summary, results };
}

async function runOne(testCase: unknown, overrides: Record<string, unknown> = {}): Promise<SimulationResult> {
  const { results } = await run([testCase], overrides);
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('repeat', () => {
  it('runs every case `repeat` times, numbered 1..N per case', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const started: Job[] = [];
    const { summary, results } = await run([{ id: 'a', turns: ['hi'] }, { id: 'b', turns: ['hi'] }, { id: 'c', turns: ['hi'] }], {}, {
      repeat: 3,
      onStart: (job) => started.push(job),
    });

    expect(summary).toMatchObject({ total: 9, passed: 9 });
    expect(agent.accepted).toBe(9);
    const pairs = results.map((r) => `${r.caseId}#${r.iteration}`).sort();
    expect(pairs).toEqual(['a#1', 'a#2', 'a#3', 'b#1', 'b#2', 'b#3', 'c#1', 'c#2', 'c#3']);
    // Whole passes over the test set, in order: every case once before any case twice.
    expect(started.map((j) => `${j.caseId}#${j.iteration}`)).toEqual(['a#1', 'b#1', 'c#1', 'a#2', 'b#2', 'c#2', 'a#3', 'b#3', 'c#3']);
  });
});

describe('expectations (README "Test sets")', () => {
  // The agent answers "echo: <text>", so each case controls the reply through its user text.
  const passing = (expect: Record<string, string>, user = 'We open at 9 AM') => ({ id: 'x', turns: [{ user, expect }] });

  it.each([
    ['contains, ignoring case', { contains: 'OPEN at 9 am' }],
    ['matches, plain', { matches: '\\b9 AM$' }],
    ['matches, /pattern/flags', { matches: '/\\b9 am$/i' }],
    ['notContains', { notContains: 'sorry' }],
  ])('%s: holds', async (_name, expectation) => {
    agent = await startCountingAgent(echoAfter(10));
    const result = await runOne(passing(expectation));
    expect(result).toMatchObject({ verdict: 'passed', error: null });
    const [kind, value] = Object.entries(expectation)[0]!;
    expect(result.expectations).toEqual([{ turn: 1, kind, value, ok: true }]);
  });

  it.each([
    ['contains', { contains: 'closed' }, 'We open at 9 AM'],
    ['matches, plain (case-sensitive)', { matches: '9 am' }, 'We open at 9 AM'],
    ['matches, /pattern/flags', { matches: '/^9/m' }, 'We open at 9 AM'],
    ['notContains, ignoring case', { notContains: 'sorry' }, 'SORRY, we are closed'],
  ])('%s: fails with expectation-failed', async (_name, expectation, user) => {
    agent = await startCountingAgent(echoAfter(10));
    const result = await runOne(passing(expectation, user));
    expect(result.verdict).toBe('failed');
    expect(result.error?.code).toBe('expectation-failed');
    expect(result.error?.message).toMatch(/^Expectation failed/);
    const [kind, value] = Object.entries(expectation)[0]!;
    // What came is quoted, as the agent sent it (the echo agent repeats the user's text).
    // What came is quoted, as the agent sent it (the echo agent repeats the user's text).
    expect(result.expectations).toEqual([{ turn: 1, kind, value, ok: false, got: expect.stringContaining(user) as string, message: result.error?.message }]);
    expect(result.error?.message).toContain(' — got "');
  });

  it('checks each turn against the reply to that turn, counting user turns from 1; every failure has its line, the first is the error', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const result = await runOne({
      id: 'multi',
      turns: [
        'hello',
        { user: 'second', expect: { contains: 'second', matches: '^echo', notContains: 'hello' } },
        { user: 'third', expect: { contains: 'nope' } },
        { user: 'fourth', expect: { notContains: 'fourth' } },
      ],
    });
    expect(result.expectations).toMatchObject([
      { turn: 2, kind: 'contains', value: 'second', ok: true },
      { turn: 2, kind: 'matches', value: '^echo', ok: true },
      { turn: 2, kind: 'notContains', value: 'hello', ok: true },
      { turn: 3, kind: 'contains', value: 'nope', ok: false, got: expect.stringContaining('third') as string, message: expect.any(String) as string },
      { turn: 4, kind: 'notContains', value: 'fourth', ok: false, got: expect.stringContaining('fourth') as string, message: expect.any(String) as string },
    ]);
    expect(result.verdict).toBe('failed');
    expect(result.error?.code).toBe('expectation-failed');
    expect(result.error?.message).toMatch(/^Expectation failed: the reply to turn 3 contains "nope" — got ".*third"$/);
    expect(result.expectations[4]!.message).toMatch(/^Expectation failed: the reply to turn 4 does not contain "fourth" — got ".*fourth"$/);
  });
});

describe('agentFirst', () => {
  const greeter = (peer: Peer) => peer.say(30, 'Hi!', 'How can I help?');

  it('waits for the opening turn, which comes first in the transcript without latency fields', async () => {
    agent = await startCountingAgent(echoAfter(10), { onOpen: greeter });
    const result = await runOne({ id: 'greet', agentFirst: true, turns: [{ user: 'hello', expect: { contains: 'echo: hello' } }] });

    expect(result).toMatchObject({ verdict: 'passed', error: null });
    expect(result.transcript.map((e) => e.role)).toEqual(['agent', 'user', 'agent']);
    const opening = result.transcript[0]!;
    expect(opening).toMatchObject({ text: 'Hi!\nHow can I help?', messages: ['Hi!', 'How can I help?'], timedOut: false });
    expect(opening).not.toHaveProperty('latencyMs');
    expect(opening).not.toHaveProperty('lastMessageLatencyMs');
    expect(result.transcript[2]).toHaveProperty('latencyMs');
    // The first user message went out only after the opening arrived.
    expect(Date.parse(result.transcript[1]!.at)).toBeGreaterThanOrEqual(Date.parse(opening.at));
  });

  it('passes with only an opening turn and no user turns', async () => {
    agent = await startCountingAgent(echoAfter(10), { onOpen: greeter });
    const result = await runOne({ id: 'greet-only', agentFirst: true });
    expect(result).toMatchObject({ verdict: 'passed', error: null, expectations: [] });
    expect(result.transcript).toMatchObject([{ role: 'agent', text: 'Hi!\nHow can I help?' }]);
  });

  it('is a response-timeout when the agent never greets', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const result = await runOne({ id: 'silent', agentFirst: true, turns: ['hello'] }, { responseTimeoutSeconds: 0.3 });

    expect(result.verdict).toBe('failed');
    expect(result.error?.code).toBe('response-timeout');
    expect(result.error?.message).toMatch(/^No reply within/);
    expect(result.transcript).toEqual([]);
    expect(agent.texts).toEqual([]);
  });

  it('is a response-timeout when an agent with a ready message never greets', async () => {
    // Ready at once, then silence.
    agent = await startCountingAgent(echoAfter(10), { onOpen: (peer) => peer.ws.send(JSON.stringify({ type: 'ready' })) });
    const result = await runOne(
      { id: 'silent-ready', agentFirst: true, turns: ['hello'] },
      { responseTimeoutSeconds: 0.3, handshake: { readyType: 'ready' } },
    );

    expect(result.error?.code).toBe('response-timeout');
    expect(result.verdict).toBe('failed');
    expect(agent.texts).toEqual([]);
  });
});

describe('turns nobody asked for', () => {
  it('puts an opening the agent sent before its ready message first, and does not take it for the reply', async () => {
    agent = await startCountingAgent(echoAfter(10), {
      onOpen: (peer) => {
        peer.say(0, 'Welcome!');
        setTimeout(() => peer.ws.send(JSON.stringify({ type: 'ready' })), 20);
      },
    });
    const result = await runOne(
      { id: 'unasked', turns: [{ user: 'hello', expect: { contains: 'echo: hello' } }, 'bye'] },
      { handshake: { readyType: 'ready' } },
    );

    expect(result).toMatchObject({ verdict: 'passed', error: null });
    expect(result.transcript).toMatchObject([
      { role: 'agent', text: 'Welcome!' },
      { role: 'user', text: 'hello' },
      { role: 'agent', text: 'echo: hello' },
      { role: 'user', text: 'bye' },
      { role: 'agent', text: 'echo: bye' },
    ]);
    expect(result.transcript[0]).not.toHaveProperty('latencyMs');
  });

  it('sends the first user message at once when a ready agent has said nothing', async () => {
    agent = await startCountingAgent(echoAfter(10), { onOpen: (peer) => peer.ws.send(JSON.stringify({ type: 'ready' })) });
    const result = await runOne({ id: 'no-opening', turns: ['hello'] }, { responseTimeoutSeconds: 3, handshake: { readyType: 'ready' } });

    expect(result).toMatchObject({ verdict: 'passed', error: null });
    // No empty "opening" turn, and no wait of responseTimeoutSeconds for one.
    expect(result.transcript.map((e) => e.role)).toEqual(['user', 'agent']);
    expect(result.durationMs).toBeLessThan(2_000);
  });
});

describe('the result object (README "Test sets")', () => {
  /** One frame of every dropped class, then a two-message reply. */
  const everyClass: Behaviour = (text, peer) => {
    const out = (frame: unknown) => peer.ws.send(JSON.stringify(frame));
    out({ type: 'message', text, direction: 'inbound' }); // the echo of our own message
    peer.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    peer.ws.send('not json');
    out({ type: 'typing', direction: 'outbound' });
    out({ type: 'message', direction: 'outbound' });
    setTimeout(() => {
      out({ type: 'message', text: 'Part one.', direction: 'outbound' });
      setTimeout(() => out({ type: 'message', text: 'Part two.', direction: 'outbound' }), 20);
    }, 20);
  };

  it('has exactly the documented keys and types', async () => {
    agent = await startCountingAgent(everyClass);
    const before = Date.now();
    const result = await runOne(
      { id: 'shape', turns: [{ user: 'hello', expect: { contains: 'part one' } }] },
      // A quiet period far longer than the 20 ms between the parts, so both land in one reply.
      { messages: { directionPath: 'direction', outboundDirection: 'outbound' }, coalesceSeconds: 0.4 },
    );

    expect(Object.keys(result).sort()).toEqual(
      ['caseId', 'dropped', 'durationMs', 'error', 'expectations', 'iteration', 'startedAt', 'timings', 'transcript', 'verdict'].sort(),
    );
    expect(result).toMatchObject({ caseId: 'shape', iteration: 1, verdict: 'passed', error: null });
    expect(new Date(result.startedAt).toISOString()).toBe(result.startedAt);
    // The engine's clock is the monotonic one (timeOrigin + now()), which drifts from Date.now() by some ms.
    expect(Date.parse(result.startedAt)).toBeGreaterThanOrEqual(before - 50);
    expect(Number.isInteger(result.durationMs)).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(40);

    expect(Object.keys(result.timings).sort()).toEqual(['connectMs', 'handshakeMs', 'setupMs']);
    expect(result.timings.setupMs).toBeNull();
    expect(result.timings.handshakeMs).toBeNull();
    expect(typeof result.timings.connectMs).toBe('number');

    const [user, reply] = result.transcript;
    expect(Object.keys(user!).sort()).toEqual(['at', 'role', 'text']);
    expect(user).toMatchObject({ role: 'user', text: 'hello' });
    expect(Object.keys(reply!).sort()).toEqual(['at', 'lastMessageLatencyMs', 'latencyMs', 'messages', 'role', 'text', 'timedOut', 'truncated']);
    expect(reply).toMatchObject({ role: 'agent', text: 'Part one.\nPart two.', messages: ['Part one.', 'Part two.'], timedOut: false, truncated: false });
    if (reply?.role !== 'agent') throw new Error('expected an agent turn');
    // 0.1 ms resolution (README "Load testing").
    expect(Math.abs(reply.latencyMs! * 10 - Math.round(reply.latencyMs! * 10))).toBeLessThan(1e-6);
    expect(reply.latencyMs).toBeGreaterThanOrEqual(15);
    expect(reply.lastMessageLatencyMs!).toBeGreaterThanOrEqual(reply.latencyMs!);
    for (const entry of result.transcript) expect(new Date(entry.at).toISOString()).toBe(entry.at);
    // `at` of the reply is its first message: the latency after the user turn (ms rounding aside).
    expect(Math.abs(Date.parse(reply.at) - Date.parse(user!.at) - reply.latencyMs!)).toBeLessThanOrEqual(1);

    expect(result.expectations).toEqual([{ turn: 1, kind: 'contains', value: 'part one', ok: true }]);
    expect(result.dropped).toEqual({ ...emptyDrops(), binary: 1, invalidJson: 1, direction: 1, type: 1, noText: 1 });
    // What is written to JSONL is exactly this object.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('has a handshake time with a ready message', async () => {
    agent = await startCountingAgent(echoAfter(10), { onOpen: (peer) => setTimeout(() => peer.ws.send(JSON.stringify({ type: 'ready' })), 30) });
    const result = await runOne({ id: 'ready', turns: ['hello'] }, { handshake: { readyType: 'ready' } });
    expect(result.verdict).toBe('passed');
    expect(result.timings.setupMs).toBeNull();
    // The agent waits 30 ms after its own accept; how much of that the client sees depends on when
    // its open event ran, which a loaded machine delays. A number above zero is the behaviour.
    expect(result.timings.handshakeMs).toBeGreaterThan(0);
    expect(result.timings.handshakeMs).toBeLessThan(5_000);
  });
});

describe('configs and options as a user passes them', () => {
  it('accepts a config from parseAgentConfig', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const summary = await within(runTestSet(agentConfigFor(agent.url), parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }] })), 5_000, 'the run');
    expect(summary).toMatchObject({ total: 1, passed: 1 });
  });

  it('accepts a plain object, validated the same way', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const summary = await within(runTestSet(rawAgentConfig(agent.url), parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }] })), 5_000, 'the run');
    expect(summary).toMatchObject({ total: 1, passed: 1 });
    await expect(runTestSet({ connection: { url: agent.url, hedaers: {} } }, parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }] }))).rejects.toThrow(
      'connection.hedaers: unknown key',
    );
    expect(agent.accepted).toBe(1);
  });

  it('accepts a config from loadAgentConfig (the README "Library" example)', async () => {
    agent = await startCountingAgent(echoAfter(10));
    const dir = await mkdtemp(join(tmpdir(), 'parley-run-'));
    try {
      const file = join(dir, 'agent.json');
      await writeFile(file, JSON.stringify(rawAgentConfig(agent.url)));
      const config = await loadAgentConfig(file);
      const summary = await within(runTestSet(config, parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }] })), 5_000, 'the run');
      expect(summary).toMatchObject({ total: 1, passed: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // Validation happens before anything connects, so no agent is needed: port 9 is never dialled.
  const config = { connection: { url: 'ws://127.0.0.1:9/ws' } };
  const testSet = parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }] });

  it.each([
    ['concurrency', 0, 'Expected `concurrency` to be a whole number from 1 and up, got `0` (number)'],
    ['concurrency', 1.5, 'Expected `concurrency` to be a whole number from 1 and up, got `1.5` (number)'],
    ['concurrency', '8', 'Expected `concurrency` to be a whole number from 1 and up, got `8` (string)'],
    ['concurrency', -1, 'Expected `concurrency` to be a whole number from 1 and up, got `-1` (number)'],
    ['repeat', 0, 'Expected `repeat` to be a whole number from 1 and up, got `0` (number)'],
    ['repeat', Number.NaN, 'Expected `repeat` to be a whole number from 1 and up, got `NaN` (number)'],
  ])('rejects %s = %j with a TypeError', async (name, value, message) => {
    const run = runTestSet(config, testSet, { [name]: value } as RunOptions);
    await expect(run).rejects.toThrow(TypeError);
    await expect(run).rejects.toThrow(message);
  });
});

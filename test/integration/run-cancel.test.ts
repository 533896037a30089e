import { getEventListeners } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Job, SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { runTestSet } from '../../src/engine/run.js';
import { startCountingAgent, type Behaviour, type CountingAgent } from '../helpers/run-agent.js';
import { agentConfigFor } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';

/** Answers everything quickly except `hang`, so the cancel lands while replies are awaited. */
const answersAllButHang: Behaviour = (text, peer) => {
  if (text !== 'hang') peer.say(20, `echo: ${text}`);
};

/** c1..c4 finish at once; c5..c12 get one reply, then wait on `hang` until cancelled. */
const testSet = parseTestSet({
  cases: Array.from({ length: 12 }, (_, i) => ({ id: `c${i + 1}`, turns: i < 4 ? ['quick'] : ['first', 'hang', 'never sent'] })),
});

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/**
 * Opens one connection of our own and waits until the agent has accepted it. A connection the
 * engine started before it would have been accepted first, so afterwards `accepted` shows whether
 * the engine connected, without sleeping and hoping long enough.
 */
async function barrier(target: CountingAgent): Promise<void> {
  const before = target.accepted;
  const ws = new WebSocket(target.url);
  // The agent may count the connection before our side has read the 101: terminating a socket
  // still connecting emits an error, which must not become an uncaught one.
  ws.on('error', () => undefined);
  try {
    await target.waitFor(() => target.accepted > before, 3_000, 'the barrier connection');
  } finally {
    ws.terminate();
  }
}

let agent: CountingAgent | undefined;
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-cancel-'));
});

afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Runs the 12 cases four at a time and cancels once four simulations wait on `hang`. */
async function cancelMidway(target: CountingAgent) {
  const out = join(dir, 'results.jsonl');
  const controller = new AbortController();
  const results: SimulationResult[] = [];
  const started: Job[] = [];
  const timersBefore = activeTimers();
  const run = runTestSet(agentConfigFor(target.url, { responseTimeoutSeconds: 10 }), testSet, {
    concurrency: 4,
    out,
    signal: controller.signal,
    onResult: (result) => results.push(result),
    onStart: (job) => started.push(job),
  });
  await target.waitFor(() => target.texts.filter((t) => t === 'hang').length === 4, 8_000, 'four simulations to wait on `hang`');
  const openWhenCancelled = target.open;
  const cancelledAt = Date.now();
  controller.abort();
  const summary = await within(run, 3_000, 'the cancelled run');
  return { out, results, started, timersBefore, openWhenCancelled, settleMs: Date.now() - cancelledAt, summary };
}

const FINISHED = ['c1', 'c2', 'c3', 'c4'];

describe('cancelling a run midway (README "Runs")', () => {
  it('settles at once, keeping the results that finished, each also written to --out', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const { out, results, openWhenCancelled, settleMs, summary } = await cancelMidway(agent);
    expect(openWhenCancelled).toBe(4);
    expect(settleMs).toBeLessThan(3_000);
    expect(summary).toMatchObject({ total: 8, passed: 4, failed: 0, error: 4, errors: { cancelled: 4 }, cancelled: true, out });
    for (const result of results.filter((r) => FINISHED.includes(r.caseId))) expect(result).toMatchObject({ verdict: 'passed', error: null });
    // One parseable line per result, in arrival order.
    const lines = (await readFile(out, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toEqual(results);
  });

  it('ends running simulations as cancelled errors that keep the turns they had', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const { results } = await cancelMidway(agent);
    const cancelled = results.filter((r) => !FINISHED.includes(r.caseId));
    expect(cancelled).toHaveLength(4);
    for (const result of cancelled) {
      expect(result.verdict).toBe('error');
      expect(result.error?.code).toBe('cancelled');
      expect(result.error?.message).toMatch(/^Cancelled/);
      expect(result.transcript.slice(0, 3)).toMatchObject([
        { role: 'user', text: 'first' },
        { role: 'agent', text: 'echo: first' },
        { role: 'user', text: 'hang' },
      ]);
      expect(result.transcript.some((e) => e.text === 'never sent')).toBe(false);
    }
  });

  it('starts none of the queued simulations: no connection, no result', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const { results, started } = await cancelMidway(agent);
    expect(started.map((job) => job.caseId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    expect(agent.accepted).toBe(8);
    expect(results.map((r) => r.caseId).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
  });

  it('leaves nothing open: every agent connection closes, no later turn is sent, no engine timer survives', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const { timersBefore } = await cancelMidway(agent);
    await agent.waitFor(() => agent!.open === 0, 1_000, 'every agent connection to close');
    expect(agent.texts).not.toContain('never sent');
    await agent.waitFor(() => activeTimers() <= timersBefore, 2_500, 'the engine timers to be cleared');
  });

  it('with a signal already aborted, starts nothing and resolves at once', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const started: Job[] = [];
    const summary = await within(
      runTestSet(agentConfigFor(agent.url), testSet, { signal: AbortSignal.abort(), onStart: (job) => started.push(job) }),
      3_000,
      'the run',
    );

    expect(summary).toMatchObject({ total: 0, cancelled: true });
    expect(started).toEqual([]);
    await barrier(agent);
    expect(agent.accepted, 'only the barrier connection').toBe(1);
  });

  it('after the run ended, aborting changes nothing', async () => {
    agent = await startCountingAgent(answersAllButHang);
    const controller = new AbortController();
    const summary = await within(
      runTestSet(agentConfigFor(agent.url), parseTestSet({ cases: [{ id: 'a', turns: ['quick'] }] }), { signal: controller.signal }),
      5_000,
      'the run',
    );
    expect(summary).toMatchObject({ total: 1, passed: 1, cancelled: false });
    // The run let go of the signal: nothing is left to react to a later abort.
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
    const before = { summary: structuredClone(summary), accepted: agent.accepted };

    expect(() => controller.abort()).not.toThrow();
    await barrier(agent);
    expect(agent.accepted, 'no connection but the barrier after the abort').toBe(before.accepted + 1);
    expect(summary).toEqual(before.summary);
  });
});

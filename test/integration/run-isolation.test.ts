import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { Job, SimulationInput, SimulationResult } from '../../machines/types.js';
import { parseTestSet } from '../../src/config/load.js';
import { planConversation } from '../../src/engine/plan.js';
import { liveSupervisorMachine } from '../../src/engine/provided.js';
import { runTestSet } from '../../src/engine/run.js';
import { startCountingAgent, type Behaviour, type CountingAgent } from '../helpers/run-agent.js';
import { agentConfigFor } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';

/** One agent, three behaviours picked by the user's text. */
const mixed: Behaviour = (text, peer) => {
  if (text === 'hang') return; // never replies
  if (text === 'crash') {
    // Starts a reply, then goes away mid-turn: both frames in one go, so no quiet period can end
    // the reply between them however loaded the machine is.
    peer.ws.send(JSON.stringify({ type: 'message', text: 'thinking…' }));
    peer.ws.close(1011, 'internal failure');
    return;
  }
  peer.say(50, `echo: ${text}`);
};

let agent: CountingAgent | undefined;

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

describe('a failing simulation never disturbs its siblings (README "Runs")', () => {
  it('gives a hanging agent response-timeout and a closing one agent-closed, while the rest pass', async () => {
    agent = await startCountingAgent(mixed);
    const testSet = parseTestSet({
      cases: [
        { id: 'ok-1', turns: ['hello', 'again'] },
        { id: 'hangs', turns: ['hang', 'never sent'] },
        { id: 'ok-2', turns: ['hello'] },
        { id: 'crashes', turns: ['crash', 'never sent'] },
        { id: 'ok-3', turns: ['hello', 'again'] },
      ],
    });
    const results = new Map<string, SimulationResult>();
    const summary = await within(
      runTestSet(agentConfigFor(agent.url, { responseTimeoutSeconds: 0.5 }), testSet, { onResult: (r) => results.set(r.caseId, r) }),
      10_000,
      'the run',
    );

    expect(summary).toMatchObject({ total: 5, passed: 3, failed: 2, error: 0, errors: { 'response-timeout': 1, 'agent-closed': 1 } });
    for (const id of ['ok-1', 'ok-2', 'ok-3']) expect(results.get(id)).toMatchObject({ verdict: 'passed', error: null });

    const hangs = results.get('hangs')!;
    expect(hangs.verdict).toBe('failed');
    expect(hangs.error?.code).toBe('response-timeout');
    expect(hangs.error?.message).toMatch(/^No reply within/);
    // The timed-out reply is in the transcript, and the next turn was never sent.
    expect(hangs.transcript.map((e) => e.role)).toEqual(['user', 'agent']);
    expect(hangs.transcript[1]).toMatchObject({ role: 'agent', text: '', messages: [], timedOut: true });

    const crashes = results.get('crashes')!;
    expect(crashes.verdict).toBe('failed');
    expect(crashes.error?.code).toBe('agent-closed');
    expect(crashes.error?.message).toMatch(/^Agent closed the connection/);
    expect(crashes.error?.message).toContain('1011');
    // What the agent said before it went away is kept. (On a loaded machine the close can be read
    // after the quiet period ended that reply, so the next user turn may already be recorded.)
    expect(crashes.transcript.slice(0, 2)).toMatchObject([{ role: 'user', text: 'crash' }, { role: 'agent', text: 'thinking…' }]);
    expect(agent.texts).not.toContain('never sent');
  });

  it('turns a simulation that throws into an `error` result; its siblings pass and its socket is closed', async () => {
    agent = await startCountingAgent((text, peer) => peer.say(20, `echo: ${text}`));
    const config = agentConfigFor(agent.url);
    const testSet = parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }, { id: 'boom', turns: ['hi'] }, { id: 'b', turns: ['hi'] }] });
    // The supervisor with live actors, fed a simulation whose expectation checker is buggy.
    const createSimulation = (job: Job): SimulationInput => ({
      caseId: job.caseId,
      iteration: job.iteration,
      agentFirst: false,
      turns: testSet.cases[job.caseIndex]!.turns,
      conversation: planConversation(config, { caseId: job.caseId }).input,
      check: () => {
        if (job.caseId === 'boom') throw new Error('checker bug');
        return { expectations: [], captures: {}, failure: null };
      },
    });
    const actor = createActor(liveSupervisorMachine, {
      input: { jobs: testSet.cases.map((c, caseIndex) => ({ caseIndex, caseId: c.id, iteration: 1 })), concurrency: 8, createSimulation },
    });
    const results = new Map<string, SimulationResult>();
    actor.on('sim.finished', ({ result }) => results.set(result.caseId, result));
    const done = new Promise<void>((resolve, reject) => actor.subscribe({ complete: resolve, error: reject }));
    try {
      actor.start();
      await within(done, 10_000, 'the supervisor');
      expect(actor.getSnapshot().output).toEqual({ total: 3, passed: 2, failed: 0, error: 1, cancelled: false });
      expect(results.get('a')?.verdict).toBe('passed');
      expect(results.get('b')?.verdict).toBe('passed');
      const boom = results.get('boom')!;
      expect(boom).toMatchObject({ caseId: 'boom', iteration: 1, verdict: 'error', error: { code: 'internal-error' } });
      expect(boom.error?.message).toContain('checker bug');
      // A crashed simulation must not leave its conversation's socket behind.
      await agent.waitFor(() => agent!.open === 0, 3_000, 'every agent connection to close');
    } finally {
      actor.stop();
    }
  });

  it('turns a simulation whose input cannot be built into an `error` result; the run carries on', async () => {
    agent = await startCountingAgent((text, peer) => peer.say(20, `echo: ${text}`));
    const config = agentConfigFor(agent.url);
    const testSet = parseTestSet({ cases: [{ id: 'a', turns: ['hi'] }, { id: 'broken', turns: ['hi'] }, { id: 'b', turns: ['hi'] }] });
    const createSimulation = (job: Job): SimulationInput => {
      if (job.caseId === 'broken') throw new Error('cannot plan this conversation');
      return {
        caseId: job.caseId,
        iteration: job.iteration,
        agentFirst: false,
        turns: testSet.cases[job.caseIndex]!.turns,
        conversation: planConversation(config, { caseId: job.caseId }).input,
        check: () => ({ expectations: [], captures: {}, failure: null }),
      };
    };
    const actor = createActor(liveSupervisorMachine, {
      input: { jobs: testSet.cases.map((c, caseIndex) => ({ caseIndex, caseId: c.id, iteration: 1 })), concurrency: 1, createSimulation },
    });
    const results: SimulationResult[] = [];
    actor.on('sim.finished', ({ result }) => results.push(result));
    const done = new Promise<void>((resolve, reject) => actor.subscribe({ complete: resolve, error: reject }));
    try {
      actor.start();
      await within(done, 10_000, 'the supervisor');
      expect(results.map((r) => [r.caseId, r.verdict])).toEqual([
        ['a', 'passed'],
        ['broken', 'error'],
        ['b', 'passed'],
      ]);
      expect(results[1]?.error?.code).toBe('internal-error');
    } finally {
      actor.stop();
    }
  });
});

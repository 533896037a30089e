import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../machines/types.js';
import { runTestSet } from '../../src/engine/run.js';
import { echoAfter, startCountingAgent, type CountingAgent } from '../helpers/run-agent.js';
import { agentConfigFor, manyCases } from '../helpers/run-fixtures.js';
import { within } from '../helpers/wait.js';

// Replies slow enough that every slot is taken before the first simulation ends.
const REPLY_MS = 150;

let agent: CountingAgent | undefined;

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

describe('runTestSet concurrency (README "Runs")', () => {
  it('keeps at most 8 conversations open at once by default, and fills all 8', async () => {
    agent = await startCountingAgent(echoAfter(REPLY_MS));
    const summary = await within(runTestSet(agentConfigFor(agent.url), manyCases(24)), 15_000, 'the run');

    expect(summary).toMatchObject({ total: 24, passed: 24, failed: 0, error: 0, cancelled: false });
    expect(agent.accepted).toBe(24);
    expect(agent.peak).toBe(8);
  });

  it('keeps at most `concurrency` open at once', async () => {
    agent = await startCountingAgent(echoAfter(REPLY_MS));
    const summary = await within(runTestSet(agentConfigFor(agent.url), manyCases(24), { concurrency: 3 }), 15_000, 'the run');

    expect(summary.passed).toBe(24);
    expect(agent.peak).toBe(3);
  });

  it('starts queued simulations first come, first served', async () => {
    agent = await startCountingAgent(echoAfter(20));
    const started: Job[] = [];
    await within(runTestSet(agentConfigFor(agent.url), manyCases(10), { concurrency: 2, onStart: (job) => started.push(job) }), 15_000, 'the run');

    expect(started.map((job) => job.caseId)).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 1}`));
  });
});

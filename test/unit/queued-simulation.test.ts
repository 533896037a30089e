/**
 * The actor a queue-backed supervisor spawns keeps the local simulation's contract: same input,
 * a result as output, and `sim.cancel` honoured — a job withdrawn before it started ends with no
 * result, which the supervisor does not count. Driven by a stand-in queue client (no Redis).
 */
import { createActor, toPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Job, SimulationInput, SimulationResult } from '../../machines/types.js';
import { emptyDrops, emptyTimings } from '../../machines/defaults.js';
import type { QueueClient } from '../../src/queue/client.js';
import { queueSupervisorMachine } from '../../src/queue/provided.js';
import type { JobOutcome } from '../../src/queue/results.js';

/** A queue whose jobs end when the test says; withdrawing a job that has not started removes it. */
class FakeQueue {
  readonly pending = new Map<string, (outcome: JobOutcome) => void>();
  readonly started = new Set<string>();
  readonly withdrawn: string[] = [];

  run(input: SimulationInput): Promise<JobOutcome> {
    return new Promise((resolve) => this.pending.set(input.caseId, resolve));
  }

  async withdraw(input: SimulationInput): Promise<void> {
    this.withdrawn.push(input.caseId);
    if (!this.started.has(input.caseId)) this.end(input.caseId, null);
  }

  end(caseId: string, outcome: JobOutcome): void {
    this.pending.get(caseId)?.(outcome);
    this.pending.delete(caseId);
  }

  asClient(): QueueClient {
    return this as unknown as QueueClient;
  }
}

const result = (caseId: string, verdict: SimulationResult['verdict'] = 'passed'): SimulationResult => ({
  caseId,
  iteration: 1,
  verdict,
  error: verdict === 'passed' ? null : { code: 'cancelled', message: 'Cancelled: the run was interrupted' },
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
  timings: emptyTimings(),
  transcript: [],
  expectations: [],
  dropped: emptyDrops(),
});

const jobs: Job[] = ['a', 'b', 'c'].map((caseId, caseIndex) => ({ caseIndex, caseId, iteration: 1 }));
const createSimulation = (job: Job) => ({ caseId: job.caseId, iteration: job.iteration }) as SimulationInput;

describe('a queue-backed supervisor', () => {
  it('reports each job’s result as the local one would', async () => {
    const queue = new FakeQueue();
    const actor = createActor(queueSupervisorMachine(queue.asClient()), { input: { jobs, concurrency: 3, createSimulation } });
    const finished: string[] = [];
    actor.on('sim.finished', ({ result }) => finished.push(result.caseId));
    const done = toPromise(actor);
    actor.start();
    for (const caseId of ['b', 'a', 'c']) queue.end(caseId, result(caseId));

    expect(await done).toEqual({ total: 3, passed: 3, failed: 0, error: 0, cancelled: false });
    expect(finished).toEqual(['b', 'a', 'c']);
  });

  it('on cancel, a job not yet started is withdrawn and not counted; a running one reports cancelled', async () => {
    const queue = new FakeQueue();
    const actor = createActor(queueSupervisorMachine(queue.asClient()), { input: { jobs, concurrency: 2, createSimulation } });
    const finished: SimulationResult[] = [];
    actor.on('sim.finished', ({ result: r }) => finished.push(r));
    const done = toPromise(actor);
    actor.start();
    queue.started.add('a');
    actor.send({ type: 'run.cancel' });
    await Promise.resolve();
    expect(queue.withdrawn).toEqual(['a', 'b']);
    queue.end('a', result('a', 'error'));

    expect(await done).toEqual({ total: 1, passed: 0, failed: 0, error: 1, cancelled: true });
    expect(finished.map((r) => [r.caseId, r.error?.code])).toEqual([['a', 'cancelled']]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type Actor, type AnyActorRef } from 'xstate';
import { supervisorMachine } from '../../machines/supervisor.js';
import type { Job, SimulationInput, SimulationResult, SupervisorOutput } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { fakeSimulation, type FakeSimulationCommand } from '../helpers/run-fake-simulation.js';

const machine = supervisorMachine.provide({ actors: { simulation: fakeSimulation } });

interface Harness {
  actor: Actor<typeof machine>;
  /** The supervisor's clock: time moves only when a test moves it. */
  clock: SimulatedClock;
  started: string[];
  finished: SimulationResult[];
  /** Ids of the simulations still running, in spawn order. */
  alive(): string[];
  /** Ids of every child the supervisor's snapshot holds. */
  children(): string[];
  tell(id: string, command: FakeSimulationCommand): void;
  output(): SupervisorOutput | undefined;
  /** What the supervisor threw, if it died. */
  error(): unknown;
}

let running: Harness | undefined;

afterEach(() => {
  running?.actor.stop();
  running = undefined;
});

const jobs = (...ids: string[]): Job[] => ids.map((caseId, caseIndex) => ({ caseIndex, caseId, iteration: 1 }));

function inputFor(job: Job): SimulationInput {
  return {
    caseId: job.caseId,
    iteration: job.iteration,
    agentFirst: false,
    turns: [{ user: 'hi' }],
    conversation: { awaitReady: false, timeouts: { connectMs: 1, handshakeMs: 1, quietMs: 1, responseMs: 1, maxTurnMs: 1 } },
    check: () => ({ expectations: [], captures: {}, failure: null }),
  };
}

function start(jobList: Job[], concurrency: number, createSimulation: (job: Job) => SimulationInput = inputFor): Harness {
  const clock = new SimulatedClock();
  clock.set(Date.parse('2026-01-01T00:00:00Z'));
  const actor = createActor(machine, { clock, input: { jobs: jobList, concurrency, createSimulation, now: () => clock.now() } });
  const started: string[] = [];
  const finished: SimulationResult[] = [];
  let crash: unknown;
  actor.on('sim.started', ({ job }) => started.push(`${job.caseId}#${job.iteration}`));
  actor.on('sim.finished', ({ result }) => finished.push(result));
  actor.subscribe({ error: (error) => (crash = error) });
  actor.start();
  running = {
    actor,
    clock,
    started,
    finished,
    alive: () =>
      Object.entries(actor.getSnapshot().children)
        .filter(([, child]) => (child as AnyActorRef).getSnapshot().status === 'active')
        .map(([id]) => id),
    children: () => Object.keys(actor.getSnapshot().children),
    tell: (id, command) => (actor.getSnapshot().children[id] as AnyActorRef | undefined)?.send(command),
    output: () => actor.getSnapshot().output,
    error: () => crash,
  };
  return running;
}

describe('supervisor machine: the pool (README "Runs")', () => {
  it('never has more than `concurrency` simulations alive, and starts the rest first come, first served', () => {
    const h = start(jobs('a', 'b', 'c', 'd', 'e'), 2);
    expect(h.alive()).toEqual(['sim-1', 'sim-2']);
    expect(h.started).toEqual(['a#1', 'b#1']);

    h.tell('sim-2', { type: 'fake.finish' });
    expect(h.alive()).toEqual(['sim-1', 'sim-3']);
    h.tell('sim-1', { type: 'fake.finish', verdict: 'failed' });
    expect(h.alive()).toEqual(['sim-3', 'sim-4']);
    expect(h.started).toEqual(['a#1', 'b#1', 'c#1', 'd#1']);

    for (const id of ['sim-3', 'sim-4']) h.tell(id, { type: 'fake.finish' });
    expect(h.alive()).toEqual(['sim-5']);
    h.tell('sim-5', { type: 'fake.finish' });

    expect(h.finished.map((r) => r.caseId)).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(h.output()).toEqual({ total: 5, passed: 4, failed: 1, error: 0, cancelled: false });
  });

  it('fills every slot at once when there are more slots than jobs', () => {
    const h = start(jobs('a', 'b', 'c'), 8);
    expect(h.alive()).toEqual(['sim-1', 'sim-2', 'sim-3']);
  });

  it('lets go of finished simulations, so a long run does not hold every one in memory', () => {
    const h = start(jobs('a', 'b', 'c'), 1);
    h.tell('sim-1', { type: 'fake.finish' });
    h.tell('sim-2', { type: 'fake.finish' });
    expect(h.children()).toEqual(['sim-3']);
  });

  it('is done at once with no jobs', () => {
    const h = start([], 8);
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.output()).toEqual({ total: 0, passed: 0, failed: 0, error: 0, cancelled: false });
  });
});

describe('supervisor machine: a simulation that throws', () => {
  it('becomes an `error` result with its case and iteration, and its siblings carry on', () => {
    const h = start(jobs('a', 'b', 'c'), 2);
    h.tell('sim-1', { type: 'fake.crash', error: new Error('simulation bug') });

    expect(h.error()).toBeUndefined();
    expect(h.finished).toHaveLength(1);
    const crash = h.finished[0]!;
    expect(crash).toMatchObject({ caseId: 'a', iteration: 1, verdict: 'error', transcript: [], expectations: [] });
    expect(crash.error).toEqual({ code: 'internal-error', message: 'Internal error: simulation bug' });
    expect(Object.keys(crash).sort()).toEqual(
      ['caseId', 'dropped', 'durationMs', 'error', 'expectations', 'iteration', 'startedAt', 'timings', 'transcript', 'verdict'].sort(),
    );
    expect(crash.dropped).toEqual(emptyDrops());
    expect(h.alive()).toEqual(['sim-2', 'sim-3']);

    h.tell('sim-2', { type: 'fake.finish' });
    h.tell('sim-3', { type: 'fake.crash', error: 'not even an Error' });
    expect(h.finished[2]?.error?.message).toBe('Internal error: not even an Error');
    expect(h.output()).toEqual({ total: 3, passed: 1, failed: 0, error: 2, cancelled: false });
  });

  it('dates a crashed simulation from when it started, not from when it crashed', () => {
    const h = start(jobs('a'), 1);
    const startedAt = h.clock.now();
    h.clock.increment(60);
    h.tell('sim-1', { type: 'fake.crash', error: new Error('late bug') });

    const crash = h.finished[0]!;
    expect(Date.parse(crash.startedAt)).toBe(startedAt);
    expect(crash.durationMs).toBe(60);
  });

  it('dates a simulation whose input cannot be built at the moment it was due to start', () => {
    const h = start(jobs('a', 'broken'), 1, (job) => {
      if (job.caseId === 'broken') throw new Error('cannot plan');
      return inputFor(job);
    });
    h.clock.increment(25);
    h.tell('sim-1', { type: 'fake.finish' });

    const broken = h.finished.find((r) => r.caseId === 'broken')!;
    expect(Date.parse(broken.startedAt)).toBe(h.clock.now());
    expect(broken.durationMs).toBe(0);
  });

  it('turns a simulation whose input cannot be built into an `error` result, and starts the next', () => {
    const h = start(jobs('a', 'broken', 'c'), 1, (job) => {
      if (job.caseId === 'broken') throw new Error('cannot plan');
      return inputFor(job);
    });
    h.tell('sim-1', { type: 'fake.finish' });

    expect(h.error()).toBeUndefined();
    expect(h.finished.map((r) => [r.caseId, r.verdict, r.error?.code ?? null])).toEqual([
      ['a', 'passed', null],
      ['broken', 'error', 'internal-error'],
    ]);
    expect(h.started).toContain('c#1');
  });
});

describe('supervisor machine: cancelling', () => {
  it('cancels the running simulations, never starts the queued ones, and says it was cancelled', () => {
    const h = start(jobs('a', 'b', 'c', 'd'), 2);
    h.tell('sim-1', { type: 'fake.finish' });
    h.actor.send({ type: 'run.cancel' });

    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.started).toEqual(['a#1', 'b#1', 'c#1']);
    expect(h.finished.map((r) => [r.caseId, r.verdict, r.error?.code ?? null])).toEqual([
      ['a', 'passed', null],
      ['b', 'error', 'cancelled'],
      ['c', 'error', 'cancelled'],
    ]);
    expect(h.output()).toEqual({ total: 3, passed: 1, failed: 0, error: 2, cancelled: true });
  });

  it('waits for cancelled simulations to end before it is done', () => {
    const h = start(jobs('slow-a', 'b', 'c'), 2);
    h.actor.send({ type: 'run.cancel' });

    // b ended at once; slow-a is still closing, so the run is not over.
    expect(h.actor.getSnapshot().status).toBe('active');
    expect(h.finished.map((r) => r.caseId)).toEqual(['b']);
    h.tell('sim-1', { type: 'fake.finish' });
    expect(h.actor.getSnapshot().status).toBe('done');
    expect(h.finished.map((r) => [r.caseId, r.error?.code])).toEqual([
      ['b', 'cancelled'],
      ['slow-a', 'cancelled'],
    ]);
    expect(h.started).toEqual(['slow-a#1', 'b#1']);
    expect(h.output()).toEqual({ total: 2, passed: 0, failed: 0, error: 2, cancelled: true });
  });

  it('ignores a cancel after the run is done', () => {
    const h = start(jobs('a'), 1);
    h.tell('sim-1', { type: 'fake.finish' });
    h.actor.send({ type: 'run.cancel' });
    expect(h.output()).toEqual({ total: 1, passed: 1, failed: 0, error: 0, cancelled: false });
  });

  it('repeats: runs the jobs it is given, iterations included, in order', () => {
    const list: Job[] = [1, 2].flatMap((iteration) => ['a', 'b'].map((caseId, caseIndex) => ({ caseIndex, caseId, iteration })));
    const h = start(list, 1);
    for (let n = 1; n <= 4; n++) h.tell(`sim-${n}`, { type: 'fake.finish' });
    expect(h.finished.map((r) => `${r.caseId}#${r.iteration}`)).toEqual(['a#1', 'b#1', 'a#2', 'b#2']);
  });
});

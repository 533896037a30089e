/**
 * The supervisor machine as a test model: two jobs, at most one (or two) alive, each simulation
 * ending with any verdict or crashing, and the run cancelled at any point.
 */
import type { AnyEventObject, AnyMachineSnapshot } from 'xstate';
import type { SupervisorContext } from '../../machines/supervisor.js';
import type { Job, SimulationInput, SimulationResult, SupervisorInput, Verdict } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';
import { handledOf } from './paths.js';

export interface SupVariant {
  name: string;
  concurrency: number;
}

export const SUP_VARIANTS: SupVariant[] = [
  { name: '2 jobs, concurrency 1', concurrency: 1 },
  { name: '2 jobs, concurrency 2', concurrency: 2 },
];

const JOBS: Job[] = [
  { caseIndex: 0, caseId: 'c1', iteration: 1 },
  { caseIndex: 1, caseId: 'c2', iteration: 1 },
];

/** Inputs for the model's (unstarted) simulation children; nothing in them is ever run. */
function createSimulation(job: Job): SimulationInput {
  return {
    caseId: job.caseId,
    iteration: job.iteration,
    agentFirst: false,
    turns: [{ user: 'hi' }],
    conversation: {
      socket: { model: 'socket plan' },
      awaitReady: false,
      timeouts: { connectMs: 1, handshakeMs: 1, quietMs: 1, responseMs: 1, maxTurnMs: 1 },
      now: () => 0,
    },
    check: () => ({ expectations: [], captures: {}, failure: null }),
    now: () => 0,
  };
}

export function supervisorInput(variant: SupVariant): SupervisorInput {
  return { jobs: JOBS, concurrency: variant.concurrency, createSimulation };
}

function result(job: Job, verdict: Verdict): SimulationResult {
  return {
    caseId: job.caseId,
    iteration: job.iteration,
    verdict,
    error: verdict === 'passed' ? null : { code: verdict === 'failed' ? 'expectation-failed' : 'connect-failed', message: verdict },
    startedAt: new Date(0).toISOString(),
    durationMs: 0,
    timings: { setupMs: null, connectMs: null, handshakeMs: null },
    transcript: [],
    expectations: [],
    dropped: emptyDrops(),
  };
}

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as SupervisorContext;

function candidates(snapshot: AnyMachineSnapshot): AnyEventObject[] {
  // The verdict is what the supervisor counts; which case it was does not change its course.
  const running = Object.keys(contextOf(snapshot).running);
  return [
    ...running.flatMap((id) => [
      ...(['passed', 'failed', 'error'] as const).map((verdict) => ({
        type: `xstate.done.actor.${id}`,
        output: result({ caseIndex: 0, caseId: id, iteration: 1 }, verdict),
      })),
      { type: `xstate.error.actor.${id}`, error: 'the child crashed (as the test asked)' },
      // A queue-backed run withdraws a simulation that had not started when it was cancelled.
      ...(contextOf(snapshot).cancelled ? [{ type: `xstate.done.actor.${id}`, output: null }] : []),
    ]),
    { type: 'run.cancel' },
  ];
}

export const supervisorEvents = (snapshot: AnyMachineSnapshot) => handledOf(snapshot, candidates(snapshot));

export function abstractSupervisor(snapshot: AnyMachineSnapshot): string {
  const context = contextOf(snapshot);
  return JSON.stringify({
    value: snapshot.value,
    status: snapshot.status,
    queue: context.input.jobs.slice(context.started).map((job) => job.caseId),
    running: Object.keys(context.running).sort(),
    counts: context.counts,
    cancelled: context.cancelled,
  });
}

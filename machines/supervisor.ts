/**
 * Runs a test set's simulations as child actors, at most `concurrency` alive at once, the rest
 * waiting first come first served (README "Runs"). A child that throws becomes an `error` result and
 * never disturbs its siblings. Pure: the `simulation` actor is provided from src/.
 */
import { enqueueActions, setup } from 'xstate';
import { errorResult, realClock } from './defaults.js';
import { internalError } from './errors.js';
import { simulationMachine } from './simulation.js';
import type {
  Job,
  SimulationInput,
  SimulationResult,
  SupervisorInput,
  SupervisorOutput,
  SupervisorReport,
} from './types.js';

export interface SupervisorContext {
  input: SupervisorInput;
  now: () => number;
  /** Child id → its job and start time (epoch ms), for every simulation alive. */
  running: Record<string, { job: Job; startedAt: number }>;
  /** Jobs started so far, which is also the index of the next one in `input.jobs` (never copied). */
  started: number;
  /** Simulations alive: the size of `running`, kept so the guards need not count its keys. */
  alive: number;
  counts: { passed: number; failed: number; error: number };
  cancelled: boolean;
}

type SupervisorEvent =
  | { type: 'run.cancel' }
  /** A null output: the child was withdrawn before it started (a queue-backed run), no result. */
  | { type: `xstate.done.actor.${string}`; output: SimulationResult | null }
  | { type: `xstate.error.actor.${string}`; error: unknown };

const childId = (n: number) => `sim-${n}`;

/** What a child's done or error event says, for `finishChild`. */
type ChildEnd = { id: string; output: SimulationResult } | { id: string; error: unknown };

/** `running` without `id`. A loop, not `{ [id]: _, ...rest }`, which V8 runs through a slow runtime path on every finish. */
function without(running: SupervisorContext['running'], id: string): SupervisorContext['running'] {
  const rest: SupervisorContext['running'] = {};
  for (const key in running) if (key !== id) rest[key] = running[key]!;
  return rest;
}

/** `counts` with one more `verdict`. */
function counted(counts: SupervisorContext['counts'], verdict: keyof SupervisorContext['counts']): SupervisorContext['counts'] {
  const next = { passed: counts.passed, failed: counts.failed, error: counts.error };
  next[verdict] += 1;
  return next;
}

/** The id of the child a done/error event is about. */
const childOf = (type: string) => type.slice(type.startsWith('xstate.done.') ? 'xstate.done.actor.'.length : 'xstate.error.actor.'.length);

export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent,
    input: {} as SupervisorInput,
    output: {} as SupervisorOutput,
    emitted: {} as SupervisorReport,
  },
  actors: {
    simulation: simulationMachine,
  },
  guards: {
    canStart: ({ context }) =>
      !context.cancelled && context.started < context.input.jobs.length && context.alive < context.input.concurrency,
    /** The child ended with no result: it was withdrawn before it started. */
    withdrawn: (_, { output }: { output: SimulationResult | null }) => output === null,
    allFinished: ({ context }) => context.alive === 0 && (context.started >= context.input.jobs.length || context.cancelled),
  },
  actions: {
    startNext: enqueueActions(({ context, enqueue }) => {
      const job = context.input.jobs[context.started];
      if (!job) return;
      const started = context.started + 1;
      const id = childId(started);
      enqueue.emit({ type: 'sim.started', job });
      let input: SimulationInput;
      try {
        input = context.input.createSimulation(job);
      } catch (error) {
        // A case whose input cannot be built is one `error` result, not the end of the run.
        enqueue.assign({ started, counts: counted(context.counts, 'error') });
        const now = context.now();
        enqueue.emit({ type: 'sim.finished', result: errorResult(job, internalError(error), now, now) });
        return;
      }
      enqueue.spawnChild('simulation', { id, input });
      enqueue.assign({ started, running: { ...context.running, [id]: { job, startedAt: context.now() } }, alive: context.alive + 1 });
    }),
    finishChild: enqueueActions(({ context, enqueue }, end: ChildEnd) => {
      const { id } = end;
      const child = context.running[id];
      if (!child) return;
      const result = 'output' in end ? end.output : errorResult(child.job, internalError(end.error), child.startedAt, context.now());
      // Finished children are let go, so a long run does not keep every snapshot in memory.
      enqueue.stopChild(id);
      enqueue.assign({ running: without(context.running, id), alive: context.alive - 1, counts: counted(context.counts, result.verdict) });
      enqueue.emit({ type: 'sim.finished', result });
    }),
    /** A child withdrawn before it started (a queued simulation of a cancelled run): nothing to report. */
    releaseChild: enqueueActions(({ context, enqueue }, { id }: { id: string }) => {
      if (!context.running[id]) return;
      enqueue.stopChild(id);
      enqueue.assign({ running: without(context.running, id), alive: context.alive - 1 });
    }),
    cancelAll: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ cancelled: true });
      for (const id of Object.keys(context.running)) enqueue.sendTo(id, { type: 'sim.cancel' });
    }),
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({
    input,
    now: input.now ?? realClock,
    running: {},
    started: 0,
    alive: 0,
    counts: { passed: 0, failed: 0, error: 0 },
    cancelled: false,
  }),
  initial: 'running',
  on: {
    'xstate.done.actor.*': [
      {
        guard: { type: 'withdrawn', params: ({ event }) => ({ output: event.output }) },
        actions: { type: 'releaseChild', params: ({ event }) => ({ id: childOf(event.type) }) },
      },
      // Not withdrawn (the guard above), so the output is a result.
      { actions: { type: 'finishChild', params: ({ event }) => ({ id: childOf(event.type), output: event.output! }) } },
    ],
    'xstate.error.actor.*': { actions: { type: 'finishChild', params: ({ event }) => ({ id: childOf(event.type), error: event.error }) } },
  },
  states: {
    running: {
      // Fills every free slot at once: the guard stops the loop when the pool is full.
      always: [
        { guard: 'allFinished', target: 'done' },
        { guard: 'canStart', actions: 'startNext' },
      ],
      on: { 'run.cancel': { target: 'cancelling', actions: 'cancelAll' } },
    },
    cancelling: {
      always: { guard: 'allFinished', target: 'done' },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => ({
    total: context.counts.passed + context.counts.failed + context.counts.error,
    ...context.counts,
    cancelled: context.cancelled,
  }),
});

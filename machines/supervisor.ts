/**
 * Runs a test set's simulations as child actors, at most `concurrency` alive at once, the rest
 * waiting first come first served (SPEC §6). A child that throws becomes an `error` result and
 * never disturbs its siblings. Pure: the `simulation` actor is provided from src/.
 */
import { enqueueActions, setup } from 'xstate';
import { simulationMachine } from './simulation.js';
import type {
  ErrorInfo,
  Job,
  SimulationInput,
  SimulationResult,
  SupervisorInput,
  SupervisorOutput,
  SupervisorReport,
} from './types.js';

export interface SupervisorContext {
  input: SupervisorInput;
  queue: Job[];
  /** Child id → its job and start time (epoch ms), for every simulation alive. */
  running: Record<string, { job: Job; startedAt: number }>;
  started: number;
  counts: { passed: number; failed: number; error: number };
  cancelled: boolean;
}

type SupervisorEvent =
  | { type: 'run.cancel' }
  | { type: `xstate.done.actor.${string}`; output: SimulationResult }
  | { type: `xstate.error.actor.${string}`; error: unknown };

const childId = (n: number) => `sim-${n}`;

/** The result of a simulation that threw: its job and start are known, nothing else is. */
function crashResult(job: Job, error: unknown, startedAt = Date.now()): SimulationResult {
  const info: ErrorInfo = { code: 'internal-error', message: `Internal error: ${error instanceof Error ? error.message : String(error)}` };
  return {
    caseId: job.caseId,
    iteration: job.iteration,
    verdict: 'error',
    error: info,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.max(0, Date.now() - startedAt),
    timings: { setupMs: null, connectMs: null, handshakeMs: null },
    transcript: [],
    expectations: [],
    dropped: { binary: 0, invalidJson: 0, direction: 0, type: 0, noText: 0 },
  };
}

/** The id of the child a done/error event is about. */
const childOf = (type: string) => type.replace(/^xstate\.(done|error)\.actor\./, '');

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
      !context.cancelled && context.queue.length > 0 && Object.keys(context.running).length < context.input.concurrency,
    allFinished: ({ context }) => Object.keys(context.running).length === 0 && (context.queue.length === 0 || context.cancelled),
  },
  actions: {
    startNext: enqueueActions(({ context, enqueue }) => {
      const [job, ...queue] = context.queue;
      if (!job) return;
      const id = childId(context.started + 1);
      enqueue.emit({ type: 'sim.started', job });
      let input: SimulationInput;
      try {
        input = context.input.createSimulation(job);
      } catch (error) {
        // A case whose input cannot be built is one `error` result, not the end of the run.
        enqueue.assign({ queue, started: context.started + 1, counts: { ...context.counts, error: context.counts.error + 1 } });
        enqueue.emit({ type: 'sim.finished', result: crashResult(job, error) });
        return;
      }
      enqueue.spawnChild('simulation', { id, input });
      enqueue.assign({ queue, started: context.started + 1, running: { ...context.running, [id]: { job, startedAt: Date.now() } } });
    }),
    finishChild: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'run.cancel') return;
      const id = childOf(event.type);
      const child = context.running[id];
      if (!child) return;
      const result = 'output' in event ? event.output : crashResult(child.job, event.error, child.startedAt);
      const { [id]: _finished, ...running } = context.running;
      // Finished children are let go, so a long run does not keep every snapshot in memory.
      enqueue.stopChild(id);
      enqueue.assign({ running, counts: { ...context.counts, [result.verdict]: context.counts[result.verdict] + 1 } });
      enqueue.emit({ type: 'sim.finished', result });
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
    queue: [...input.jobs],
    running: {},
    started: 0,
    counts: { passed: 0, failed: 0, error: 0 },
    cancelled: false,
  }),
  initial: 'running',
  on: {
    'xstate.done.actor.*': { actions: 'finishChild' },
    'xstate.error.actor.*': { actions: 'finishChild' },
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

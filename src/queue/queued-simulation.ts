import { assign, fromPromise, setup } from 'xstate';
import type { SimulationCommand, SimulationInput } from '../../machines/types.js';
import type { QueueClient } from './client.js';
import type { JobOutcome } from './results.js';

/**
 * What a queue-backed supervisor spawns in place of a local simulation: it submits the
 * simulation as a job and ends with the result a worker reported. It takes the same input and
 * `sim.cancel` as a local simulation; cancelled before a worker took it, the job is withdrawn and
 * the output is null (nothing to report, like a simulation that never started).
 */
export function queuedSimulationMachine(client: QueueClient) {
  return setup({
    types: {
      context: {} as { input: SimulationInput; outcome: JobOutcome },
      input: {} as SimulationInput,
      output: {} as JobOutcome,
      events: {} as SimulationCommand,
    },
    actors: {
      job: fromPromise<JobOutcome, SimulationInput>(({ input }) => client.run(input)),
    },
    actions: {
      withdraw: ({ context }) => void client.withdraw(context.input).catch(() => {}),
    },
  }).createMachine({
    id: 'queued-simulation',
    context: ({ input }) => ({ input, outcome: null }),
    initial: 'queued',
    states: {
      queued: {
        invoke: {
          id: 'job',
          src: 'job',
          input: ({ context }) => context.input,
          onDone: { target: 'reported', actions: assign({ outcome: ({ event }) => event.output }) },
        },
        on: { 'sim.cancel': { actions: 'withdraw' } },
      },
      reported: { type: 'final' },
    },
    output: ({ context }) => context.outcome,
  });
}

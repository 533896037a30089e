/**
 * A stand-in `simulation` actor for the supervisor machine: it does nothing until the test tells it
 * to finish, crash, or it is cancelled, so the supervisor's pool and queue can be stepped exactly.
 */
import { assign, setup } from 'xstate';
import type { simulationMachine } from '../../machines/simulation.js';
import type { SimulationInput, SimulationResult, Verdict } from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';

export type FakeSimulationCommand = { type: 'fake.finish'; verdict?: Verdict } | { type: 'fake.crash'; error: unknown };

function resultOf(input: SimulationInput, verdict: Verdict, cancelled: boolean): SimulationResult {
  return {
    caseId: input.caseId,
    iteration: input.iteration,
    verdict,
    error: cancelled
      ? { code: 'cancelled', message: 'Cancelled: the run was interrupted' }
      : verdict === 'passed'
        ? null
        : { code: 'expectation-failed', message: 'Expectation failed: fake' },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    timings: { setupMs: null, connectMs: 1, handshakeMs: null },
    transcript: [],
    expectations: [],
    dropped: emptyDrops(),
  };
}

const fake = setup({
  types: {
    context: {} as { input: SimulationInput; verdict: Verdict; cancelled: boolean },
    events: {} as FakeSimulationCommand | { type: 'sim.cancel' },
    input: {} as SimulationInput,
    output: {} as SimulationResult,
  },
}).createMachine({
  id: 'fake-simulation',
  context: ({ input }) => ({ input, verdict: 'passed', cancelled: false }),
  initial: 'running',
  states: {
    running: {
      on: {
        'fake.finish': { target: 'done', actions: assign({ verdict: ({ event }) => event.verdict ?? 'passed' }) },
        'fake.crash': {
          actions: ({ event }) => {
            throw event.error;
          },
        },
        'sim.cancel': [
          // A case id starting with `slow` takes until `fake.finish` to close, as a real socket may.
          { guard: ({ context }) => context.input.caseId.startsWith('slow'), target: 'closing', actions: assign({ verdict: 'error' as const, cancelled: true }) },
          { target: 'done', actions: assign({ verdict: 'error' as const, cancelled: true }) },
        ],
      },
    },
    closing: {
      on: { 'fake.finish': 'done' },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => resultOf(context.input, context.verdict, context.cancelled),
});

/** Typed as the real simulation machine so it can be provided to the supervisor. */
export const fakeSimulation = fake as unknown as typeof simulationMachine;

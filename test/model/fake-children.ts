/**
 * Stand-ins for the child actors of the simulation and supervisor machines, driven by the test:
 * each reports or finishes when told to, through the same channels the real child would use
 * (events to its parent, its done output, a throw that becomes the parent's error event).
 */
import { assign, sendParent, setup, type AnyEventObject } from 'xstate';
import type { ConversationOutput, ConversationReport, SimulationResult } from '../../machines/types.js';

/** Tells a fake child what to do next. */
export type FakeChildCommand =
  | { type: 'fake.report'; report: ConversationReport }
  | { type: 'fake.done'; output: unknown }
  | { type: 'fake.crash' };

const crash = () => {
  throw new Error('the child crashed (as the test asked)');
};

/** A conversation that reports to its parent (the simulation) and ends when the test says. */
export const fakeConversation = setup({
  types: {
    context: {} as { output: ConversationOutput | null },
    events: {} as FakeChildCommand | AnyEventObject,
  },
}).createMachine({
  id: 'fakeConversation',
  context: { output: null },
  initial: 'live',
  states: {
    live: {
      on: {
        'fake.report': {
          actions: sendParent(({ event }) => (event as Extract<FakeChildCommand, { type: 'fake.report' }>).report),
        },
        'fake.done': {
          target: 'ended',
          actions: assign({ output: ({ event }) => (event as Extract<FakeChildCommand, { type: 'fake.done' }>).output as ConversationOutput }),
        },
        'fake.crash': { actions: crash },
      },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.output,
});

/** A simulation that ends with the result the test gives it. */
export const fakeSimulation = setup({
  types: {
    context: {} as { output: SimulationResult | null },
    events: {} as FakeChildCommand | AnyEventObject,
  },
}).createMachine({
  id: 'fakeSimulation',
  context: { output: null },
  initial: 'live',
  states: {
    live: {
      on: {
        'fake.done': {
          target: 'ended',
          actions: assign({ output: ({ event }) => (event as Extract<FakeChildCommand, { type: 'fake.done' }>).output as SimulationResult }),
        },
        'fake.crash': { actions: crash },
      },
    },
    ended: { type: 'final' },
  },
  output: ({ context }) => context.output,
});

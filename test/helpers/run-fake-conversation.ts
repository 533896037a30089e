/**
 * Drives the pure simulation machine on XState's SimulatedClock with a fake `conversation` actor the
 * test controls, so the simulation's own logic (opening timeout, reply matching, verdicts) is checked
 * to the millisecond with no socket and no conversation timers in the way.
 */
import { assign, createActor, enqueueActions, setup, SimulatedClock, type Actor, type AnyActorRef } from 'xstate';
import { conversationMachine } from '../../machines/conversation.js';
import { simulationMachine } from '../../machines/simulation.js';
import { expectationFailure } from '../../src/engine/expectation-text.js';
import type {
  AgentTurn,
  ConversationInput,
  ConversationOutput,
  ExpectationResult,
  SimulationResult,
  UserTurn,
} from '../../machines/types.js';
import { emptyDrops } from '../../machines/defaults.js';

/** What the test makes the fake conversation do. */
export type FakeCommand =
  | { type: 'fake.ready' }
  | { type: 'fake.turn'; turn: Partial<AgentTurn> & { text: string } }
  /** The conversation ends on its own (agent closed, connection lost, connect failed). */
  | { type: 'fake.end'; output: Partial<ConversationOutput> };

type FakeEvent = FakeCommand | { type: 'user.message'; text: string } | { type: 'conversation.close' };

const CLOSED_BY_US: ConversationOutput = {
  status: 'closed',
  error: null,
  close: { code: 1000, reason: 'closed by client' },
  closedBy: 'client',
  ready: true,
  dropped: emptyDrops(),
  timings: { setupMs: null, connectMs: 5.4, handshakeMs: null },
};

/** Everything the simulation told its conversation, in order. */
export type FakeLogEntry = { type: 'user.message'; text: string } | { type: 'conversation.close' };

function fakeConversation(log: FakeLogEntry[]) {
  return setup({
    types: {
      context: {} as { input: ConversationInput; sent: number; output: ConversationOutput },
      events: {} as FakeEvent,
      input: {} as ConversationInput,
      output: {} as ConversationOutput,
    },
  }).createMachine({
    id: 'fake-conversation',
    context: ({ input }) => ({ input, sent: 0, output: CLOSED_BY_US }),
    initial: 'open',
    states: {
      open: {
        on: {
          'fake.ready': {
            actions: enqueueActions(({ enqueue }) =>
              enqueue.sendParent({ type: 'conversation.ready', openingStarted: false }),
            ),
          },
          'user.message': {
            actions: enqueueActions(({ context, event, enqueue }) => {
              log.push({ type: 'user.message', text: event.text });
              const seq = context.sent + 1;
              const turn: UserTurn = { role: 'user', text: event.text, at: context.input.now!(), seq };
              enqueue.assign({ sent: seq });
              enqueue.sendParent({ type: 'conversation.sent', turn });
            }),
          },
          'fake.turn': {
            actions: enqueueActions(({ context, event, enqueue }) => {
              const at = context.input.now!();
              const turn: AgentTurn = {
                role: 'agent',
                messages: event.turn.text === '' ? [] : [event.turn.text],
                at,
                replyTo: null,
                timedOut: false,
                truncated: false,
                deliveredAt: at,
                ...event.turn,
              };
              enqueue.sendParent({ type: 'conversation.turn', turn });
            }),
          },
          'conversation.close': {
            target: 'ended',
            actions: () => log.push({ type: 'conversation.close' }),
          },
          'fake.end': {
            target: 'ended',
            actions: assign({ output: ({ event }) => ({ ...CLOSED_BY_US, closedBy: 'agent' as const, ...event.output }) }),
          },
        },
      },
      ended: { type: 'final' },
    },
    output: ({ context }) => context.output,
  });
}

export interface SimulationHarness {
  clock: SimulatedClock;
  actor: Actor<typeof simulationMachine>;
  log: FakeLogEntry[];
  /** The user texts the simulation sent. */
  sent(): string[];
  /** Sends a command to the fake conversation (while the simulation still has it). */
  fake(command: FakeCommand): void;
  advance(ms: number): void;
  state(): string;
  output(): SimulationResult | undefined;
  /** What the simulation threw, if it died. */
  error(): unknown;
  stop(): void;
}

/** Simulated time starts here, so `startedAt` and `at` are recognisable ISO strings. */
export const CLOCK_START = Date.parse('2026-01-05T10:00:00.000Z');

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${flatten(inner)}`;
}

export function startSimulation(options: {
  turns: string[];
  agentFirst?: boolean;
  responseMs?: number;
  check?: (turn: number, reply: string) => ExpectationResult[];
}): SimulationHarness {
  const clock = new SimulatedClock();
  clock.set(CLOCK_START);
  const now = () => clock.now();
  const log: FakeLogEntry[] = [];
  // The fake speaks the conversation's protocol, not its full type: the simulation only sees events.
  const conversation = fakeConversation(log) as unknown as typeof conversationMachine;
  const machine = simulationMachine.provide({ actors: { conversation } });
  const actor = createActor(machine, {
    clock,
    input: {
      caseId: 'case',
      iteration: 1,
      agentFirst: options.agentFirst ?? false,
      turns: options.turns.map((user) => ({ user })),
      conversation: {
        awaitReady: false,
        timeouts: { connectMs: 10_000, handshakeMs: 30_000, quietMs: 2_000, responseMs: options.responseMs ?? 5_000, maxTurnMs: 120_000 },
        now,
      },
      // Tests give a checker of reply text; the machine's takes the whole turn and the captured values.
      check: (turn, reply) => {
        const expectations = options.check?.(turn, reply.text) ?? [];
        return { expectations, captures: {}, failure: expectationFailure(expectations) };
      },
      now,
    },
  });
  // An observer with an error handler: a simulation that dies is a test finding, not an uncaught exception.
  let crash: unknown;
  actor.subscribe({ error: (error) => (crash = error) });
  actor.start();
  return {
    error: () => crash,
    clock,
    actor,
    log,
    sent: () => log.flatMap((entry) => (entry.type === 'user.message' ? [entry.text] : [])),
    fake: (command) => {
      const child = actor.getSnapshot().children.conversation;
      if (!child) throw new Error(`the simulation has no conversation (state ${flatten(actor.getSnapshot().value)})`);
      (child as AnyActorRef).send(command);
    },
    advance: (ms) => clock.increment(ms),
    state: () => flatten(actor.getSnapshot().value),
    output: () => actor.getSnapshot().output,
    stop: () => actor.stop(),
  };
}

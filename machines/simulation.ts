/**
 * One test case over one conversation (SPEC §4): sends each user turn when the previous reply is
 * delivered, records the transcript, checks expectations and ends with a verdict. Pure: the
 * `conversation` actor is named here and provided from src/.
 */
import { and, assign, enqueueActions, not, setup, type AnyActorRef } from 'xstate';
import { conversationMachine } from './conversation.js';
import { emptyDrops, emptyTimings, realClock } from './defaults.js';
import { ERROR_PREFIX, internalError, seconds } from './errors.js';
import type {
  AgentTurn,
  ConversationOutput,
  ConversationReport,
  ErrorInfo,
  ExpectationResult,
  SimulationCommand,
  SimulationInput,
  SimulationResult,
  Timings,
  TranscriptEntry,
  UserTurn,
  Verdict,
} from './types.js';

export interface SimulationContext {
  input: SimulationInput;
  now: () => number;
  startedAt: number;
  transcript: Array<AgentTurn | UserTurn>;
  expectations: ExpectationResult[];
  /** User turns sent so far. */
  sent: number;
  error: ErrorInfo | null;
  /** Set once the simulation has nothing more to do, so a close after it is no failure. */
  finishing: boolean;
  conversation: ConversationOutput | null;
}

/** Codes that mean the conversation could not be had at all: verdict `error`, not `failed`. */
const UNHAD: ReadonlySet<ErrorInfo['code']> = new Set([
  'setup-failed',
  'setup-no-url',
  'connect-timeout',
  'connect-failed',
  'handshake-timeout',
  'cancelled',
  'internal-error',
]);

const iso = (ms: number) => new Date(ms).toISOString();

function toEntry(turn: AgentTurn | UserTurn): TranscriptEntry {
  if (turn.role === 'user') return { role: 'user', text: turn.text, at: iso(turn.at) };
  const latency =
    turn.latencyMs === undefined
      ? {}
      : { latencyMs: Math.round(turn.latencyMs), lastMessageLatencyMs: Math.round(turn.lastMessageLatencyMs ?? turn.latencyMs) };
  return {
    role: 'agent',
    text: turn.text,
    messages: turn.messages,
    at: iso(turn.at),
    ...latency,
    timedOut: turn.timedOut,
    truncated: turn.truncated,
  };
}

function verdictOf(context: SimulationContext): Verdict {
  const { error, conversation } = context;
  if (!error) return 'passed';
  if (UNHAD.has(error.code) || (conversation !== null && !conversation.ready)) return 'error';
  return 'failed';
}

const roundTimings = (t: Timings): Timings => ({
  setupMs: t.setupMs === null ? null : Math.round(t.setupMs),
  connectMs: t.connectMs === null ? null : Math.round(t.connectMs),
  handshakeMs: t.handshakeMs === null ? null : Math.round(t.handshakeMs),
  ...(t.subprotocol === undefined ? {} : { subprotocol: t.subprotocol }),
});

type SimulationEvent =
  | SimulationCommand
  | ConversationReport
  | { type: 'xstate.done.actor.conversation'; output: ConversationOutput }
  | { type: 'xstate.error.actor.conversation'; error: unknown };

/** The turn a `conversation.sent` or `conversation.turn` report carries, for `record`. */
const recordTurn = {
  type: 'record',
  params: ({ event }: { event: Extract<ConversationReport, { type: 'conversation.sent' | 'conversation.turn' }> }) => ({ turn: event.turn }),
} as const;

export const simulationMachine = setup({
  types: {
    context: {} as SimulationContext,
    events: {} as SimulationEvent,
    input: {} as SimulationInput,
    output: {} as SimulationResult,
  },
  actors: {
    // src/ provides this machine with its live socket and setup actors.
    conversation: conversationMachine,
  },
  delays: {
    responseTimeout: ({ context }) => context.input.conversation.timeouts.responseMs,
  },
  guards: {
    allTurnsSent: ({ context }) => context.sent >= context.input.turns.length,
    isFinishing: ({ context }) => context.finishing,
    agentFirst: ({ context }) => context.input.agentFirst,
    isCurrentReply: ({ context, event }) => event.type === 'conversation.turn' && event.turn.replyTo === context.sent,
    timedOut: ({ event }) => event.type === 'conversation.turn' && event.turn.timedOut,
  },
  actions: {
    record: assign({ transcript: ({ context }, { turn }: { turn: AgentTurn | UserTurn }) => [...context.transcript, turn] }),
    sendTurn: enqueueActions(({ context, enqueue }) => {
      const turn = context.input.turns[context.sent];
      if (!turn) return;
      enqueue.sendTo('conversation', { type: 'user.message', text: turn.user });
      enqueue.assign({ sent: context.sent + 1 });
    }),
    checkReply: assign(({ context }, { text }: { text: string }) => {
      let results: ExpectationResult[];
      try {
        results = context.input.check(context.sent, text);
      } catch (error) {
        // Caught rather than thrown: an actor that errors leaves its conversation (and socket) running.
        return { error: context.error ?? internalError(error), finishing: true };
      }
      const failed = results.find((result) => !result.ok);
      const error =
        context.error ?? (failed ? { code: 'expectation-failed' as const, message: describeFailure(failed) } : null);
      return { expectations: [...context.expectations, ...results], error };
    }),
    fail: assign({ error: ({ context }, error: ErrorInfo) => context.error ?? error }),
    finish: assign({ finishing: true }),
    failNoOpening: assign({
      error: ({ context }) =>
        context.error ?? {
          code: 'response-timeout' as const,
          message: `${ERROR_PREFIX['response-timeout']} ${seconds(context.input.conversation.timeouts.responseMs)}: the agent sent no opening turn`,
        },
    }),
    closeConversation: enqueueActions(({ enqueue }) => enqueue.sendTo('conversation', { type: 'conversation.close' })),
    storeConversation: assign(({ context }, output: ConversationOutput) => {
      // Judged by how the conversation ended, not by whether we were done: a reset or close while
      // the last reply was still arriving delivers that reply and must not pass.
      const ended =
        output.error ?? (output.closedBy === 'agent' ? { code: 'agent-closed' as const, message: closedMessage(output) } : null);
      return { conversation: output, error: context.error ?? ended };
    }),
  },
}).createMachine({
  id: 'simulation',
  context: ({ input }) => {
    const now = input.now ?? realClock;
    return {
      input,
      now,
      startedAt: now(),
      transcript: [],
      expectations: [],
      sent: 0,
      error: null,
      finishing: false,
      conversation: null,
    };
  },
  initial: 'running',
  states: {
    running: {
      invoke: {
        id: 'conversation',
        src: 'conversation',
        input: ({ context, self }: { context: SimulationContext; self: AnyActorRef }) => ({
          ...context.input.conversation,
          reportTo: self,
        }),
        onDone: { target: 'done', actions: { type: 'storeConversation', params: ({ event }) => event.output } },
        onError: { target: 'done', actions: { type: 'fail', params: ({ event }) => internalError(event.error) } },
      },
      on: {
        'conversation.sent': { actions: recordTurn },
        'conversation.turn': { actions: recordTurn },
        'sim.cancel': {
          // A simulation already wrapping up keeps its verdict.
          guard: not('isFinishing'),
          target: '.closing',
          actions: [{ type: 'fail', params: { code: 'cancelled', message: `${ERROR_PREFIX.cancelled}: the run was interrupted` } }, 'finish'],
        },
      },
      initial: 'connecting',
      states: {
        connecting: {
          on: {
            'conversation.ready': [{ guard: 'agentFirst', target: 'awaitingOpening' }, { target: 'talking' }],
          },
        },
        awaitingOpening: {
          on: {
            'conversation.turn': [
              { guard: 'timedOut', target: 'closing', actions: [recordTurn, 'failNoOpening', 'finish'] },
              { target: 'talking', actions: recordTurn },
            ],
          },
          after: { responseTimeout: { target: 'closing', actions: ['failNoOpening', 'finish'] } },
        },
        talking: {
          always: [
            { guard: 'isFinishing', target: 'closing' },
            { guard: 'allTurnsSent', target: 'closing', actions: 'finish' },
            { target: 'awaitingReply', actions: 'sendTurn' },
          ],
        },
        awaitingReply: {
          on: {
            'conversation.turn': [
              {
                guard: and(['isCurrentReply', 'timedOut']),
                target: 'closing',
                actions: [
                  recordTurn,
                  {
                    type: 'fail',
                    params: ({ context }) => ({
                      code: 'response-timeout',
                      message: `${ERROR_PREFIX['response-timeout']} ${seconds(context.input.conversation.timeouts.responseMs)} to turn ${context.sent}`,
                    }),
                  },
                  'finish',
                ],
              },
              {
                guard: 'isCurrentReply',
                target: 'talking',
                actions: [recordTurn, { type: 'checkReply', params: ({ event }) => ({ text: event.turn.text }) }],
              },
              // Any other turn (a late one, an unasked one) is recorded by `running`.
            ],
          },
        },
        closing: {
          entry: 'closeConversation',
        },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => ({
    caseId: context.input.caseId,
    iteration: context.input.iteration,
    verdict: verdictOf(context),
    error: context.error,
    startedAt: iso(context.startedAt),
    durationMs: Math.round(context.now() - context.startedAt),
    timings: roundTimings(context.conversation?.timings ?? emptyTimings()),
    transcript: context.transcript.map(toEntry),
    expectations: context.expectations,
    dropped: context.conversation?.dropped ?? emptyDrops(),
  }),
});

function describeFailure(result: ExpectationResult): string {
  const what = { contains: 'does not contain', notContains: 'contains', matches: 'does not match' }[result.kind];
  return `${ERROR_PREFIX['expectation-failed']}: the reply to turn ${result.turn} ${what} ${JSON.stringify(result.value)}`;
}

function closedMessage(output: ConversationOutput): string {
  const close = output.close;
  const detail = close ? ` (code ${close.code}${close.reason ? `: ${close.reason}` : ''})` : '';
  return `${ERROR_PREFIX['agent-closed']} before the case ended${detail}`;
}

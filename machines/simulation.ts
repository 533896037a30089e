/**
 * One test case over one conversation (SPEC §4): sends each user turn when the previous reply is
 * delivered, records the transcript, checks expectations and ends with a verdict. Pure: the
 * `conversation` actor is named here and provided from src/.
 */
import { and, assign, fromPromise, not, sendTo, setup } from 'xstate';
import { conversationMachine, reportToParent } from './conversation.js';
import { emptyDrops, emptyTimings, realClock } from './defaults.js';
import { ERROR_PREFIX, internalError, seconds, thrownErrorInfo } from './errors.js';
import type {
  AgentTurn,
  Choice,
  ConversationOutput,
  ConversationReport,
  ErrorInfo,
  ExpectationResult,
  JudgeInput,
  JudgeOutput,
  JudgementEntry,
  RenderedUserText,
  SimulationCommand,
  SimulationInput,
  SimulationResult,
  Timings,
  TranscriptEntry,
  StopReason,
  UserModelInput,
  UserModelOutput,
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
  /** Values captured so far, for `{{vars.NAME}}` (SPEC §10.1). */
  vars: Record<string, string>;
  /** Why a simulated user stopped, once it has (`goal`, `maxTurns`). */
  stopReason: StopReason | null;
  judgement: JudgementEntry[] | null;
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
  'llm-failed',
]);

const iso = (ms: number) => new Date(ms).toISOString();

function toEntry(turn: AgentTurn | UserTurn): TranscriptEntry {
  if (turn.role === 'user') return turn.click ? { role: 'user', text: turn.text, at: iso(turn.at), click: turn.click } : { role: 'user', text: turn.text, at: iso(turn.at) };
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
    ...(turn.choices ? { choices: turn.choices } : {}),
    ...(turn.attachments ? { attachments: turn.attachments } : {}),
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
  | { type: 'xstate.error.actor.conversation'; error: unknown }
  | { type: 'xstate.done.actor.userModel'; output: UserModelOutput }
  | { type: 'xstate.error.actor.userModel'; error: unknown }
  | { type: 'xstate.done.actor.judge'; output: JudgeOutput }
  | { type: 'xstate.error.actor.judge'; error: unknown };

const notProvided = (name: string) => async (): Promise<never> => {
  throw new Error(`${name} actor not provided`);
};

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
    conversation: conversationMachine.provide({ actions: { report: reportToParent } }),
    // A simulated user (SPEC §10.2): asked once per user turn for the next message or the marker.
    userModel: fromPromise<UserModelOutput, UserModelInput>(notProvided('userModel')),
    judge: fromPromise<JudgeOutput, JudgeInput>(notProvided('judge')),
  },
  delays: {
    responseTimeout: ({ context }) => context.input.conversation.timeouts.responseMs,
  },
  guards: {
    allTurnsSent: ({ context }) => context.sent >= context.input.turns.length,
    simulated: ({ context }) => context.input.simulate !== undefined,
    maxTurnsSent: ({ context }) => context.sent >= (context.input.simulate?.maxTurns ?? 0),
    firstMessageGiven: ({ context }) => context.sent === 0 && context.input.simulate?.firstMessage !== undefined,
    goalReached: ({ event }) => event.type === 'xstate.done.actor.userModel' && event.output.stop,
    nextTurnUnrenderable: ({ context }) => 'error' in nextScripted(context),
    // Judged whenever the conversation was had: a case already failed still gets its judgement.
    shouldJudgeAfter: ({ context, event }) => {
      if (context.input.judge === undefined || event.type !== 'xstate.done.actor.conversation' || !event.output.ready) return false;
      const error = context.error ?? event.output.error;
      return !(error && UNHAD.has(error.code));
    },
    isFinishing: ({ context }) => context.finishing,
    agentFirst: ({ context }) => context.input.agentFirst,
    isCurrentReply: ({ context, event }) => event.type === 'conversation.turn' && event.turn.replyTo === context.sent,
    timedOut: ({ event }) => event.type === 'conversation.turn' && event.turn.timedOut,
  },
  actions: {
    // Kept without its frames: they serve the reply's own check (checkReply gets the whole turn),
    // and a long run need not hold every frame of every live conversation.
    record: assign({ transcript: ({ context }, { turn }: { turn: AgentTurn | UserTurn }) => [...context.transcript, withoutFrames(turn)] }),
    /** The next user message, wherever it came from: the script, `firstMessage` or the user model. */
    sendText: sendTo('conversation', (_, { text, click }: { text: string; click?: Choice }) =>
      click ? { type: 'user.message' as const, text, click } : { type: 'user.message' as const, text },
    ),
    countSent: assign({ sent: ({ context }) => context.sent + 1 }),
    stopWith: assign({ stopReason: (_, { reason }: { reason: StopReason }) => reason }),
    storeJudgement: assign(({ context }, output: JudgeOutput) => ({
      judgement: output.judgement,
      error: context.error ?? output.failure,
    })),
    checkReply: assign(({ context }, { turn }: { turn: AgentTurn }) => {
      let outcome;
      try {
        outcome = context.input.check(context.sent, turn, context.vars);
      } catch (error) {
        // Caught rather than thrown: an actor that errors leaves its conversation (and socket) running.
        return { error: context.error ?? internalError(error), finishing: true };
      }
      return {
        expectations: [...context.expectations, ...outcome.expectations],
        vars: { ...context.vars, ...outcome.captures },
        // The first thing that went wrong (SPEC §4); every failure is in `expectations`.
        error: context.error ?? outcome.failure,
      };
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
    closeConversation: sendTo('conversation', { type: 'conversation.close' as const }),
    storeConversation: assign(({ context }, output: ConversationOutput) => {
      // Judged by how the conversation ended, not by whether we were done: a reset or close while
      // the last reply was still arriving delivers that reply and must not pass. A simulated user
      // has no script to finish, so an agent that ends the conversation is a way to stop (agent-ended).
      // An agent that says goodbye (endTypes) once the case has nothing left to send ended it on time.
      const onTime = output.endMessage === true && context.finishing;
      const agentClosed = output.closedBy === 'agent' && context.input.simulate === undefined && !onTime;
      const ended = output.error ?? (agentClosed ? { code: 'agent-closed' as const, message: closedMessage(output) } : null);
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
      vars: {},
      stopReason: null,
      judgement: null,
    };
  },
  initial: 'running',
  states: {
    running: {
      invoke: {
        id: 'conversation',
        src: 'conversation',
        input: ({ context }: { context: SimulationContext }) => context.input.conversation,
        onDone: [
          { guard: 'shouldJudgeAfter', target: 'judging', actions: { type: 'storeConversation', params: ({ event }) => event.output } },
          { target: 'done', actions: { type: 'storeConversation', params: ({ event }) => event.output } },
        ],
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
        // Where the next user message comes from: the script, or (simulate) the user model.
        talking: {
          always: [
            { guard: 'isFinishing', target: 'closing' },
            { guard: 'simulated', target: 'simulatedUser' },
            { target: 'script' },
          ],
        },
        script: {
          always: [
            { guard: 'allTurnsSent', target: 'closing', actions: 'finish' },
            {
              guard: 'nextTurnUnrenderable',
              target: 'closing',
              actions: [{ type: 'fail', params: ({ context }) => (nextScripted(context) as { error: ErrorInfo }).error }, 'finish'],
            },
            {
              target: 'awaitingReply',
              actions: [{ type: 'sendText', params: ({ context }) => nextScripted(context) as { text: string; click?: Choice } }, 'countSent'],
            },
          ],
        },
        simulatedUser: {
          initial: 'deciding',
          states: {
            deciding: {
              always: [
                { guard: 'maxTurnsSent', target: '#simulation.running.closing', actions: [{ type: 'stopWith', params: { reason: 'maxTurns' } }, 'finish'] },
                {
                  guard: 'firstMessageGiven',
                  target: '#simulation.running.awaitingReply',
                  actions: [{ type: 'sendText', params: ({ context }) => ({ text: context.input.simulate!.firstMessage! }) }, 'countSent'],
                },
                { target: 'composing' },
              ],
            },
            composing: {
              invoke: {
                id: 'userModel',
                src: 'userModel',
                input: ({ context }: { context: SimulationContext }) => ({
                  plan: context.input.simulate!.plan,
                  transcript: context.transcript,
                  mayStop: context.sent >= context.input.simulate!.minTurns,
                }),
                onDone: [
                  { guard: 'goalReached', target: '#simulation.running.closing', actions: [{ type: 'stopWith', params: { reason: 'goal' } }, 'finish'] },
                  {
                    target: '#simulation.running.awaitingReply',
                    actions: [{ type: 'sendText', params: ({ event }) => (event.output.stop ? { text: '' } : event.output) }, 'countSent'],
                  },
                ],
                onError: {
                  target: '#simulation.running.closing',
                  actions: [{ type: 'fail', params: ({ event }) => thrownErrorInfo(event.error) }, 'finish'],
                },
              },
            },
          },
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
                actions: [recordTurn, { type: 'checkReply', params: ({ event }) => ({ turn: event.turn }) }],
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
    judging: {
      invoke: {
        id: 'judge',
        src: 'judge',
        input: ({ context }: { context: SimulationContext }) => ({ plan: context.input.judge!.plan, transcript: context.transcript }),
        onDone: { target: 'done', actions: { type: 'storeJudgement', params: ({ event }) => event.output } },
        onError: { target: 'done', actions: { type: 'fail', params: ({ event }) => thrownErrorInfo(event.error) } },
      },
      on: {
        'sim.cancel': {
          target: 'done',
          actions: { type: 'fail', params: { code: 'cancelled', message: `${ERROR_PREFIX.cancelled}: the run was interrupted` } },
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
    ...(context.input.captures ? { captures: context.vars } : {}),
    ...(context.input.simulate ? { simulated: true as const, stopReason: stopReasonOf(context) } : {}),
    ...(context.judgement ? { judgement: context.judgement } : {}),
  }),
});

function withoutFrames(turn: AgentTurn | UserTurn): AgentTurn | UserTurn {
  if (turn.role === 'user' || turn.frames === undefined) return turn;
  const { frames: _frames, ...rest } = turn;
  return rest;
}

/** The next scripted turn's text with its captured values in, or why it cannot be sent. */
function nextScripted(context: SimulationContext): RenderedUserText {
  const scripted = context.input.turns[context.sent];
  if (scripted?.click !== undefined) {
    const previous = context.transcript.findLast((turn): turn is AgentTurn => turn.role === 'agent') ?? null;
    return context.input.pickChoice?.(context.sent + 1, scripted.click, previous) ?? { error: internalError(new Error('click turns need pickChoice')) };
  }
  const text = scripted?.user ?? '';
  return context.input.renderUser?.(context.sent + 1, text, context.vars) ?? { text };
}

/** Goal and maxTurns are known when they happen; otherwise the agent ended it, or something failed. */
function stopReasonOf(context: SimulationContext): StopReason {
  if (context.stopReason) return context.stopReason;
  const output = context.conversation;
  const agentEnded = output?.closedBy === 'agent' && output.error === null && context.error === null;
  return agentEnded ? 'agent-ended' : 'error';
}

function closedMessage(output: ConversationOutput): string {
  const close = output.close;
  const detail = close ? ` (code ${close.code}${close.reason ? `: ${close.reason}` : ''})` : '';
  return `${ERROR_PREFIX['agent-closed']} before the case ended${detail}`;
}

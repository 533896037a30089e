/**
 * One test case over one conversation (README "Test sets"): sends each user turn when the previous reply is
 * delivered, records the transcript, checks expectations and ends with a verdict. Pure: the
 * `conversation` actor is named here and provided from src/.
 */
import { and, assign, fromPromise, not, sendTo, setup } from 'xstate';
import { conversationMachine, reportToParent } from './conversation.js';
import { agentClosed, cancelled, internalError, responseTimeout, thrownErrorInfo } from './errors.js';
import { initialContext, nextScripted, type SimulationContext } from './simulation-context.js';
import { NO_CONVERSATION, resultOf, withoutFrames } from './simulation-result.js';
import type {
  AgentTurn,
  Choice,
  ConversationOutput,
  ConversationReport,
  ErrorInfo,
  JudgeInput,
  JudgeOutput,
  SimulationCommand,
  SimulationInput,
  SimulationResult,
  StopReason,
  UserModelInput,
  UserModelOutput,
  UserTurn,
} from './types.js';

export type { SimulationContext } from './simulation-context.js';

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
    // A simulated user (README "Simulated users and judges"): asked once per user turn for the next message or the marker.
    userModel: fromPromise<UserModelOutput, UserModelInput>(notProvided('userModel')),
    judge: fromPromise<JudgeOutput, JudgeInput>(notProvided('judge')),
  },
  delays: {
    // The agent's opening turn (agentFirst) gets the reply budget.
    openingTimeout: ({ context }) => context.input.conversation.timeouts.responseMs,
  },
  guards: {
    allTurnsSent: ({ context }) => context.sent >= context.input.turns.length,
    simulated: ({ context }) => context.input.simulate !== undefined,
    maxTurnsSent: ({ context }) => context.sent >= (context.input.simulate?.maxTurns ?? 0),
    firstMessageGiven: ({ context }) => context.sent === 0 && context.input.simulate?.firstMessage !== undefined,
    goalReached: ({ event }) => event.type === 'xstate.done.actor.userModel' && event.output.stop,
    nextTurnUnrenderable: ({ context }) => context.nextTurn.error !== null,
    // Judged whenever the conversation was had: a case already failed still gets its judgement.
    shouldJudgeAfter: ({ context, event }) => {
      if (context.input.judge === undefined || event.type !== 'xstate.done.actor.conversation' || !event.output.ready) return false;
      const error = context.error ?? event.output.error;
      return !(error && NO_CONVERSATION.has(error.code));
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
        // The first thing that went wrong (README "Test sets"); every failure is in `expectations`.
        error: context.error ?? outcome.failure,
      };
    }),
    /** The first error wins; null (nothing went wrong) changes nothing. */
    fail: assign({ error: ({ context }, error: ErrorInfo | null) => context.error ?? error }),
    renderNextTurn: assign({ nextTurn: ({ context }) => nextScripted(context) }),
    finish: assign({ finishing: true }),
    failNoOpening: assign({ error: ({ context }) => context.error ?? responseTimeout(context.input.conversation.timeouts.responseMs) }),
    closeConversation: sendTo('conversation', { type: 'conversation.close' as const }),
    storeConversation: assign(({ context }, output: ConversationOutput) => {
      // Judged by how the conversation ended, not by whether we were done: a reset or close while
      // the last reply was still arriving delivers that reply and must not pass. A simulated user
      // has no script to finish, so an agent that ends the conversation is a way to stop (agent-ended).
      // An agent that says goodbye (endTypes) once the case has nothing left to send ended it on time.
      const onTime = output.endMessage === true && context.finishing;
      const closedEarly = output.closedBy === 'agent' && context.input.simulate === undefined && !onTime;
      const ended = output.error ?? (closedEarly ? agentClosed(output.close, 'before the case ended') : null);
      return { conversation: output, error: context.error ?? ended };
    }),
  },
}).createMachine({
  id: 'simulation',
  context: ({ input }) => initialContext(input),
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
          actions: [{ type: 'fail', params: cancelled('the run was interrupted') }, 'finish'],
        },
      },
      initial: 'connecting',
      states: {
        connecting: {
          on: {
            'conversation.ready': [{ guard: 'agentFirst', target: 'awaitingOpening' }, { target: 'routingNextTurn' }],
          },
        },
        awaitingOpening: {
          on: {
            'conversation.turn': [
              { guard: 'timedOut', target: 'closing', actions: [recordTurn, 'failNoOpening', 'finish'] },
              { target: 'routingNextTurn', actions: recordTurn },
            ],
          },
          after: { openingTimeout: { target: 'closing', actions: ['failNoOpening', 'finish'] } },
        },
        // A router: where the next user message comes from, the script or (simulate) the user model.
        routingNextTurn: {
          always: [
            { guard: 'isFinishing', target: 'closing' },
            { guard: 'simulated', target: 'simulatedUser' },
            { target: 'script' },
          ],
        },
        script: {
          // Rendered once here: the guards and actions below read it from context.
          entry: 'renderNextTurn',
          always: [
            { guard: 'allTurnsSent', target: 'closing', actions: 'finish' },
            {
              guard: 'nextTurnUnrenderable',
              target: 'closing',
              actions: [{ type: 'fail', params: ({ context }) => context.nextTurn.error }, 'finish'],
            },
            {
              target: 'awaitingReply',
              actions: [{ type: 'sendText', params: ({ context }) => context.nextTurn.sent }, 'countSent'],
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
                    params: ({ context }) => responseTimeout(context.input.conversation.timeouts.responseMs, context.sent),
                  },
                  'finish',
                ],
              },
              {
                guard: 'isCurrentReply',
                target: 'routingNextTurn',
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
          actions: { type: 'fail', params: cancelled('the run was interrupted') },
        },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => resultOf(context),
});

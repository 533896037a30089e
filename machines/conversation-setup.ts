/**
 * What the conversation machine knows and the named pieces its states use: actors, delays, guards
 * and actions. Pure: the `setup` and `socket` actors are placeholders src/ provides.
 */
import { assign, emit, enqueueActions, fromCallback, fromPromise, sendTo, setup } from 'xstate';
import { emptyDrops, emptyTimings, realClock } from './defaults.js';
import { handshakeTimeout } from './errors.js';
import { emptyTurn, toAgentTurn, withMessage, type FrameMessage, type TurnDraft } from './turn.js';
import type {
  Choice,
  ConversationEvent,
  ConversationInput,
  ConversationOutput,
  ConversationReport,
  DropClass,
  DropCounts,
  ErrorInfo,
  SetupOutput,
  SocketCommand,
  Timings,
} from './types.js';

/** How a socket closed: its close code and reason. */
export interface CloseDetails {
  code: number;
  reason: string;
}

/** A user message waiting for the reply being collected; `click` when it is a click on a choice. */
export interface Outgoing {
  text: string;
  click?: Choice;
}

export interface ConversationContext {
  input: ConversationInput;
  now: () => number;
  socketInput: unknown;
  /** The socket's URL (masked), named by a connect timeout. */
  socketUrl: string | undefined;
  outbox: Outgoing[];
  sent: number;
  turn: TurnDraft;
  dropped: DropCounts;
  timings: Timings;
  /** When the current phase (setup, connect, handshake) began, for `timings`. */
  phaseAt: number;
  /** Setup, connect and handshake are over: the output's `ready`, and `conversation.ready` was reported. */
  acceptsMessages: boolean;
  /** The handshake step being sent or awaited (from 0). */
  step: number;
  /** The ready message (`readyType`) came while handshake steps were still running. */
  readyMessageSeen: boolean;
  error: ErrorInfo | null;
  close: CloseDetails | null;
  closedBy: 'client' | 'agent' | null;
  /** The agent ended the conversation with an `endTypes` message. */
  endMessage: boolean;
  /** When the conversation started: setup and connect share one `connectTimeoutSeconds` budget from here. */
  connectingSince: number;
}

/** A conversation about to start: nothing sent, nothing collected, every clock at now. */
export function initialContext(input: ConversationInput): ConversationContext {
  const now = input.now ?? realClock;
  return {
    input,
    now,
    socketInput: input.socket,
    socketUrl: input.socketUrl,
    outbox: [],
    sent: 0,
    turn: emptyTurn(now()),
    dropped: emptyDrops(),
    timings: emptyTimings(),
    phaseAt: now(),
    acceptsMessages: false,
    step: 0,
    readyMessageSeen: false,
    error: null,
    close: null,
    closedBy: null,
    endMessage: false,
    connectingSince: now(),
  };
}

/** The close our side records when it ended the conversation before the socket said how. */
export const CLIENT_CLOSE: CloseDetails = { code: 1000, reason: 'closed by client' };

/** The report of a delivered turn: `draft` as it stands now. */
export function turnReport(context: ConversationContext, draft: TurnDraft): ConversationReport {
  return { type: 'conversation.turn', turn: toAgentTurn(draft, context.now(), context.input) };
}

/** The report of the user message just sent (`startTurn` stamped it). */
export function sentReport(context: ConversationContext, { text, click }: Outgoing): ConversationReport {
  const turn = { role: 'user' as const, text, at: context.turn.sentAt ?? context.now(), seq: context.sent };
  return { type: 'conversation.sent', turn: click ? { ...turn, click } : turn };
}

/** What is left of `maxTurnSeconds` for the turn being collected. */
const maxTurnLeft = (context: ConversationContext) =>
  Math.max(0, context.input.timeouts.maxTurnMs - (context.now() - context.turn.collectingSince));

const stepsOf = (context: ConversationContext) => context.input.steps ?? [];

/** Something stands between the open socket and the first user message: steps or a ready message. */
const hasHandshake = (context: ConversationContext) => context.input.awaitReady || stepsOf(context).length > 0;

/** Names what the handshake was waiting for: a step's answer (numbered from 1) or the ready message. */
export function handshakeTimeoutOf(context: ConversationContext): ErrorInfo {
  const awaited = stepsOf(context)[context.step]?.awaits;
  const budget = context.input.timeouts.handshakeMs;
  return awaited ? handshakeTimeout(budget, { number: context.step + 1, awaited }) : handshakeTimeout(budget);
}

/** The class of a socket message, or undefined for any other event. */
const classOf = (event: ConversationEvent) => (event.type === 'socket.message' ? event.class : undefined);

const baseSetup = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    input: {} as ConversationInput,
    output: {} as ConversationOutput,
    emitted: {} as ConversationReport,
  },
  actors: {
    // Placeholders: src/ provides the real ones (HTTP setup on ky, socket on ws). Their inputs are
    // plans only src/ reads, hence `any`.
    setup: fromPromise<SetupOutput, any>(async () => {
      throw new Error('setup actor not provided');
    }),
    socket: fromCallback<SocketCommand, any>(() => undefined),
    /** An `http` handshake step; its input names the socket's plan and the step. */
    handshakeHttp: fromPromise<void, { socket: unknown; index: number }>(async () => {
      throw new Error('handshakeHttp actor not provided');
    }),
  },
  delays: {
    // Setup, TCP, TLS and upgrade together: connecting gets what provisioning left.
    connectTimeout: ({ context }) => Math.max(0, context.input.timeouts.connectMs - (context.now() - context.connectingSince)),
    handshakeTimeout: ({ context }) => context.input.timeouts.handshakeMs,
    quietPeriod: ({ context }) => context.input.timeouts.quietMs,
    // Before the first message both budgets end the wait the same way (a timeout), so one timer
    // serves them: whichever ends first.
    responseTimeout: ({ context }) => Math.min(context.input.timeouts.responseMs, maxTurnLeft(context)),
    // Measured from when the turn started, so re-entering receiving never extends it.
    maxTurn: ({ context }) => maxTurnLeft(context),
  },
  guards: {
    hasSocketInput: ({ context }) => context.socketInput !== undefined,
    hasHandshake: ({ context }) => hasHandshake(context),
    stepsDone: ({ context }) => context.step >= stepsOf(context).length,
    awaitsReadyMessage: ({ context }) => context.input.awaitReady && !context.readyMessageSeen,
    stepAwaits: ({ context }) => Boolean(stepsOf(context)[context.step]?.awaits),
    stepIsHttp: ({ context }) => stepsOf(context)[context.step]?.http === true,
    answersStep: ({ context, event }) => event.type === 'socket.message' && (event.steps?.includes(context.step) ?? false),
    isReadyMessage: ({ event }) => event.type === 'socket.message' && event.ready,
    isText: ({ event }) => classOf(event) === 'text',
    isTyping: ({ event }) => classOf(event) === 'typing',
    isTurnEnd: ({ event }) => classOf(event) === 'turnEnd',
    isEnd: ({ event }) => classOf(event) === 'end',
    isAgentError: ({ event }) => classOf(event) === 'error',
    /** An `end` or `error` message: the session handles it, whatever state it is in. */
    endsSession: ({ event }) => classOf(event) === 'end' || classOf(event) === 'error',
    hasMessages: ({ context }) => context.turn.messages.length > 0,
    hasOutbox: ({ context }) => context.outbox.length > 0,
    coalescingOff: ({ context }) => context.input.timeouts.quietMs === 0,
  },
  actions: {
    queueUserMessage: assign({ outbox: ({ context }, message: Outgoing) => [...context.outbox, message] }),
    storeSetup: assign({
      socketInput: (_, output: SetupOutput) => output.socket,
      socketUrl: (_, output: SetupOutput) => output.socketUrl,
      timings: ({ context }) => ({ ...context.timings, setupMs: context.now() - context.phaseAt }),
      phaseAt: ({ context }) => context.now(),
    }),
    fail: assign({ error: ({ context }, error: ErrorInfo) => context.error ?? error }),
    markOpen: assign({
      timings: ({ context }, subprotocol: string | undefined) => ({
        ...context.timings,
        connectMs: context.now() - context.phaseAt,
        ...(subprotocol ? { subprotocol } : {}),
      }),
      phaseAt: ({ context }) => context.now(),
    }),
    /**
     * Tells `actor.on()` listeners (the library). A simulation invokes the conversation with
     * {@link reportToParent} in its place. Every report goes through here, in plain action lists:
     * the hot path (a turn sent, a turn delivered) avoids `enqueueActions`, measurably slower per turn.
     */
    report: emit((_, event: ConversationReport) => event),
    sendStep: sendTo('socket', ({ context }) => ({ type: 'socket.step', index: context.step }) satisfies SocketCommand),
    /** A frame that answers a step may also be the ready message. */
    nextStep: assign({
      step: ({ context }) => context.step + 1,
      readyMessageSeen: ({ context }, { readyMessage }: { readyMessage: boolean }) => context.readyMessageSeen || readyMessage,
    }),
    noteReadyMessage: assign({ readyMessageSeen: true }),
    /** Setup, connect and any handshake are over: user messages go out from now on. */
    acceptMessages: assign({
      acceptsMessages: true,
      timings: ({ context }) => ({ ...context.timings, handshakeMs: hasHandshake(context) ? context.now() - context.phaseAt : null }),
    }),
    /** `at` is when the socket delivered the frame, so a busy machine never shifts a latency. */
    appendText: assign({ turn: ({ context }, message: FrameMessage) => withMessage(context.turn, message) }),
    countDrop: assign({
      dropped: ({ context }, { dropClass }: { dropClass: DropClass }) => ({ ...context.dropped, [dropClass]: context.dropped[dropClass] + 1 }),
    }),
    /** A new turn: user message `sent + 1` goes out now, and the reply is collected against it. */
    startTurn: assign(({ context }) => {
      const at = context.now();
      const seq = context.sent + 1;
      return { sent: seq, turn: { ...emptyTurn(at), replyTo: seq, sentAt: at } };
    }),
    sendText: sendTo('socket', ({ context }, { text, click }: Outgoing) =>
      (click ? { type: 'socket.send', text, seq: context.sent, click } : { type: 'socket.send', text, seq: context.sent }) satisfies SocketCommand,
    ),
    shiftOutbox: assign({ outbox: ({ context }) => context.outbox.slice(1) }),
    markTimedOut: assign({ turn: ({ context }) => ({ ...context.turn, timedOut: true }) }),
    markTruncated: assign({ turn: ({ context }) => ({ ...context.turn, truncated: true }) }),
    /** After a delivery: an empty draft, until a send or an unsolicited message starts the next. */
    resetTurn: assign({ turn: ({ context }) => emptyTurn(context.now()) }),
    closeSocket: sendTo('socket', { type: 'socket.close' } satisfies SocketCommand),
    storeClose: assign({ close: (_, close: CloseDetails) => close, closedBy: 'agent' as const }),
    storeClientClose: assign({ close: (_, close: CloseDetails) => close, closedBy: 'client' as const }),
    /** An `endTypes` message: the agent ended the conversation, though our side closes the socket. */
    storeAgentEnd: assign({
      close: { code: 1000, reason: 'the agent ended the conversation' },
      closedBy: 'agent' as const,
      endMessage: true,
    }),
  },
});

/** The machine's setup: its named actors, delays, guards and actions (the states are in conversation.ts). */
export const conversationSetup = baseSetup.extend({
  actions: {
    /** On close or failure, whatever the agent already said is delivered rather than lost. */
    deliverPartial: baseSetup.createAction(
      enqueueActions(({ context, enqueue }) => {
        if (context.turn.messages.length === 0) return;
        enqueue({ type: 'report', params: turnReport(context, context.turn) });
        enqueue('resetTurn');
      }),
    ),
  },
});

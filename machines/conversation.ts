/**
 * One conversation with an agent over one WebSocket (SPEC §3). Pure: the `setup` and `socket`
 * actors are named here and provided from src/, and every timer is a named delay read from context.
 */
import { and, assign, emit, enqueueActions, not, fromCallback, fromPromise, sendParent, sendTo, setup } from 'xstate';
import { emptyDrops, emptyTimings, realClock } from './defaults.js';
import { agentError, connectTimeout, describeThrown, handshakeTimeout, seconds, setupFailed } from './errors.js';
import type {
  AgentTurn,
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

/** The agent turn being collected. */
interface TurnDraft {
  messages: string[];
  /** Each message's `order` (orderByPath), null when it had none; sorted by at delivery. */
  orders: Array<number | string | null>;
  /** The accepted frames' parsed JSON, for captures and frame expectations (SPEC §10.1). */
  frames: unknown[];
  /** Each message's choices and attachments (SPEC §16), null when it had none; sorted with it. */
  cards: Array<Cards | null>;
  /** When its first message arrived. */
  firstAt: number | null;
  lastAt: number | null;
  /** For a reply: the user message it answers and when that was sent. */
  replyTo: number | null;
  sentAt: number | null;
  /** When collecting started: the user message, or the first message of an unsolicited turn. */
  startedAt: number;
  timedOut: boolean;
  truncated: boolean;
}

/** What a message offers besides text. */
export interface Cards {
  choices?: Choice[];
  attachments?: unknown[];
}

/** A user message waiting for the reply being collected; `click` when it is a click (SPEC §16). */
export interface Outgoing {
  text: string;
  click?: Choice;
}

export interface ConversationContext {
  input: ConversationInput;
  now: () => number;
  socketInput: unknown;
  outbox: Outgoing[];
  sent: number;
  turn: TurnDraft;
  dropped: DropCounts;
  timings: Timings;
  /** When the current phase (setup, connect, handshake) began, for `timings`. */
  phaseAt: number;
  ready: boolean;
  /** The handshake step being sent or awaited (from 0). */
  step: number;
  /** The ready message came while handshake steps were still running. */
  readySeen: boolean;
  error: ErrorInfo | null;
  close: { code: number; reason: string } | null;
  closedBy: 'client' | 'agent' | null;
  /** The agent ended the conversation with an `endTypes` message. */
  endMessage: boolean;
  /** When the conversation started: setup and connect share one `connectTimeoutSeconds` budget. */
  startedAt: number;
}

function emptyTurn(startedAt: number): TurnDraft {
  return { messages: [], orders: [], frames: [], cards: [], firstAt: null, lastAt: null, replyTo: null, sentAt: null, startedAt, timedOut: false, truncated: false };
}

/** Compares order keys: numbers before strings, and messages without a key after both. */
function compareOrder(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null || b === null) return a === null ? 1 : -1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The turn's messages, and their frames, in `order` when asked (a stable sort: ties keep arrival
 * order). Frames follow their messages only when every message has one.
 */
function ordered(draft: TurnDraft, sort: boolean): { messages: string[]; frames: unknown[]; cards: Array<Cards | null> } {
  if (!sort || draft.messages.length < 2) return { messages: draft.messages, frames: draft.frames, cards: draft.cards };
  const permutation = draft.messages
    .map((_, index) => index)
    .sort((a, b) => compareOrder(draft.orders[a] ?? null, draft.orders[b] ?? null));
  const frames = draft.frames.length === draft.messages.length ? permutation.map((index) => draft.frames[index]) : draft.frames;
  return { messages: permutation.map((index) => draft.messages[index]!), frames, cards: permutation.map((index) => draft.cards[index] ?? null) };
}

/** The turn's choices and attachments, each list present only when it has any. */
function cardsOf(cards: Array<Cards | null>): Cards {
  const choices = cards.flatMap((card) => card?.choices ?? []);
  const attachments = cards.flatMap((card) => card?.attachments ?? []);
  return { ...(choices.length > 0 ? { choices } : {}), ...(attachments.length > 0 ? { attachments } : {}) };
}

function toAgentTurn(draft: TurnDraft, deliveredAt: number, input: ConversationInput): AgentTurn {
  const { messages: all, frames, cards } = ordered(draft, input.orderMessages ?? false);
  // A card-only message adds no text: it must not add an empty line either (SPEC §16).
  const messages = all.includes('') ? all.filter((text) => text !== '') : all;
  const turn: AgentTurn = {
    role: 'agent',
    text: messages.join(input.joinWith ?? '\n'),
    messages,
    frames,
    ...cardsOf(cards),
    at: draft.firstAt ?? deliveredAt,
    replyTo: draft.replyTo,
    timedOut: draft.timedOut,
    truncated: draft.truncated,
    deliveredAt,
  };
  if (draft.sentAt !== null && draft.firstAt !== null && draft.lastAt !== null) {
    turn.latencyMs = draft.firstAt - draft.sentAt;
    turn.lastMessageLatencyMs = draft.lastAt - draft.sentAt;
  }
  return turn;
}

/** The report of a delivered turn: `draft` as it stands now. */
function turnReport(context: ConversationContext, draft: TurnDraft): ConversationReport {
  return { type: 'conversation.turn', turn: toAgentTurn(draft, context.now(), context.input) };
}

/** The report of the user message just sent (`startTurn` stamped it). */
function sentReport(context: ConversationContext, { text, click }: Outgoing): ConversationReport {
  const turn = { role: 'user' as const, text, at: context.turn.sentAt ?? context.now(), seq: context.sent };
  return { type: 'conversation.sent', turn: click ? { ...turn, click } : turn };
}

/** One text message as `appendText` and `deliverText` take it: its text, delivery time and frame. */
export interface FrameMessage {
  text: string;
  at: number;
  /** Where the message sorts in its turn (`orderByPath`), or null. */
  order: number | string | null;
  frame?: unknown;
  cards?: Cards;
}

/** The draft with one more message, delivered by the socket at `at`. */
function withMessage(turn: TurnDraft, { text, at, order, frame, cards }: FrameMessage): TurnDraft {
  // A turn nobody asked for starts with its first message: that is where maxTurn counts from.
  const startedAt = turn.firstAt === null && turn.sentAt === null ? at : turn.startedAt;
  const frames = frame === undefined ? turn.frames : [...turn.frames, frame];
  return { ...turn, messages: [...turn.messages, text], orders: [...turn.orders, order], frames, cards: [...turn.cards, cards ?? null], firstAt: turn.firstAt ?? at, lastAt: at, startedAt };
}

/** The socket's own close code and reason, or a normal close when the client ended it first. */
function closeOf(event: ConversationEvent): { code: number; reason: string } {
  return event.type === 'socket.closed' ? { code: event.code, reason: event.reason } : { code: 1000, reason: 'closed by client' };
}

/** What is left of `maxTurnSeconds` for the turn being collected. */
const maxTurnLeft = (context: ConversationContext) =>
  Math.max(0, context.input.timeouts.maxTurnMs - (context.now() - context.turn.startedAt));

const stepsOf = (context: ConversationContext) => context.input.steps ?? [];

/** Names what the handshake was waiting for: a step's answer (numbered from 1) or the ready message. */
function handshakeTimeoutOf(context: ConversationContext): ErrorInfo {
  const awaited = stepsOf(context)[context.step]?.awaits;
  const budget = context.input.timeouts.handshakeMs;
  return awaited ? handshakeTimeout(budget, { number: context.step + 1, awaited }) : handshakeTimeout(budget);
}

type SocketMessage = Extract<ConversationEvent, { type: 'socket.message' }>;

/** The frame's text and delivery time, for `appendText` (only ever after an `isText` guard). */
const appendFrame = { type: 'appendText', params: ({ event }: { event: SocketMessage }) => frameMessage(event) } as const;
/** The frame's class, for `countDrop`: only ever the fallback after the text and ready branches. */
const dropFrame = { type: 'countDrop', params: ({ event }: { event: SocketMessage }) => ({ dropClass: event.class as DropClass }) } as const;

/** The frame as the turn's draft takes it (only ever after an `isText` guard). */
const frameMessage = (event: SocketMessage): FrameMessage => {
  const message: FrameMessage = { text: event.text ?? '', at: event.at, order: event.order ?? null, frame: event.frame };
  if (event.choices || event.attachments) message.cards = { choices: event.choices ?? [], attachments: event.attachments ?? [] };
  return message;
};

type UserMessage = Extract<ConversationEvent, { type: 'user.message' }>;
type Args<E> = { context: ConversationContext; event: E };

/** A user message as sent and reported: its text, and the choice when it is a click. */
const outgoing = (event: UserMessage): Outgoing => (event.click ? { text: event.text, click: event.click } : { text: event.text });

/** The user's message goes out at once (from idle). */
const sendNow = [
  'startTurn',
  { type: 'sendText', params: ({ event }: Args<UserMessage>) => outgoing(event) },
  { type: 'report', params: ({ context, event }: Args<UserMessage>) => sentReport(context, outgoing(event)) },
] as const;
/** The outbox's first message goes out (back in idle after a reply). */
const sendQueued = [
  'startTurn',
  { type: 'sendText', params: ({ context }: Args<ConversationEvent>) => context.outbox[0]! },
  { type: 'report', params: ({ context }: Args<ConversationEvent>) => sentReport(context, context.outbox[0]!) },
  'shiftOutbox',
] as const;
/** Coalescing off: the message is the whole turn, delivered in one step (one context copy, not two). */
const deliverFrame = [
  { type: 'report', params: ({ context, event }: Args<SocketMessage>) => turnReport(context, withMessage(context.turn, frameMessage(event))) },
  'resetTurn',
] as const;
/** The collected turn is delivered. */
const deliverDraft = [{ type: 'report', params: ({ context }: Args<ConversationEvent>) => turnReport(context, context.turn) }, 'resetTurn'] as const;
/** The handshake is over: the conversation can take messages. */
const ready = [
  'markReady',
  { type: 'report', params: ({ context }: Args<ConversationEvent>) => ({ type: 'conversation.ready', openingStarted: context.turn.messages.length > 0 }) as const },
] as const;

/** The class of a socket message, or undefined for any other event. */
const classOf = (event: ConversationEvent) => (event.type === 'socket.message' ? event.class : undefined);

export const conversationMachine = setup({
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
  },
  delays: {
    // Setup, TCP, TLS and upgrade together: connecting gets what provisioning left.
    connectTimeout: ({ context }) => Math.max(0, context.input.timeouts.connectMs - (context.now() - context.startedAt)),
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
    hasHandshake: ({ context }) => context.input.awaitReady || stepsOf(context).length > 0,
    stepsDone: ({ context }) => context.step >= stepsOf(context).length,
    stillAwaitsReady: ({ context }) => context.input.awaitReady && !context.readySeen,
    stepAwaits: ({ context }) => Boolean(stepsOf(context)[context.step]?.awaits),
    answersStep: ({ context, event }) => event.type === 'socket.message' && (event.steps?.includes(context.step) ?? false),
    isReady: ({ event }) => event.type === 'socket.message' && event.ready,
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
      readySeen: ({ context }, { ready }: { ready: boolean }) => context.readySeen || ready,
    }),
    noteReady: assign({ readySeen: true }),
    markReady: assign({
      ready: true,
      timings: ({ context }) => {
        const handshaken = context.input.awaitReady || stepsOf(context).length > 0;
        return { ...context.timings, handshakeMs: handshaken ? context.now() - context.phaseAt : null };
      },
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
    /** On close or failure, whatever the agent already said is delivered rather than lost. */
    deliverPartial: enqueueActions(({ context, enqueue }) => {
      if (context.turn.messages.length === 0) return;
      // Named actions are not typed inside setup() itself, where this is declared.
      enqueue({ type: 'report', params: turnReport(context, context.turn) } as never);
      enqueue('resetTurn' as never);
    }),
    closeSocket: sendTo('socket', { type: 'socket.close' } satisfies SocketCommand),
    storeClose: assign({ close: ({ event }) => closeOf(event), closedBy: 'agent' as const }),
    storeClientClose: assign({ close: ({ event }) => closeOf(event), closedBy: 'client' as const }),
    /** An `endTypes` message: the agent ended the conversation, though our side closes the socket. */
    storeAgentEnd: assign({
      close: { code: 1000, reason: 'the agent ended the conversation' },
      closedBy: 'agent' as const,
      endMessage: true,
    }),
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => {
    const now = input.now ?? realClock;
    return {
      input,
      now,
      socketInput: input.socket,
      outbox: [],
      sent: 0,
      turn: emptyTurn(now()),
      dropped: emptyDrops(),
      timings: emptyTimings(),
      phaseAt: now(),
      ready: false,
      step: 0,
      readySeen: false,
      error: null,
      close: null,
      closedBy: null,
      endMessage: false,
      startedAt: now(),
    };
  },
  initial: 'starting',
  on: {
    'user.message': { actions: { type: 'queueUserMessage', params: ({ event }) => outgoing(event) } },
  },
  states: {
    starting: {
      // Direct mode has its socket input from the start and never enters provisioning, so no
      // setup actor is even created for it.
      always: [{ guard: 'hasSocketInput', target: 'session' }, { target: 'provisioning' }],
    },
    provisioning: {
      invoke: {
        id: 'setup',
        src: 'setup',
        input: ({ context }: { context: ConversationContext }) => context.input.setup,
        onDone: { target: 'session', actions: { type: 'storeSetup', params: ({ event }) => event.output } },
        onError: {
          target: 'failed',
          actions: {
            type: 'fail',
            params: ({ event }) => errorInfoOf(event.error),
          },
        },
      },
      after: {
        connectTimeout: {
          target: 'failed',
          actions: {
            type: 'fail',
            params: ({ context }) => setupFailed(`no response within ${seconds(context.input.timeouts.connectMs)}`),
          },
        },
      },
      on: { 'conversation.close': { target: 'closed', actions: 'storeClientClose' } },
    },
    session: {
      invoke: { id: 'socket', src: 'socket', input: ({ context }: { context: ConversationContext }) => context.socketInput },
      initial: 'connecting',
      on: {
        'socket.error': {
          target: 'failed',
          actions: ['deliverPartial', { type: 'fail', params: ({ event }) => event.error }],
        },
        'socket.closed': { target: 'closed', actions: ['deliverPartial', 'storeClose'] },
        'socket.message': [
          // The agent reports an error: what it said so far is delivered, and the turn ends with it.
          {
            guard: 'isAgentError',
            target: 'failed',
            actions: [
              dropFrame,
              'deliverPartial',
              { type: 'fail', params: ({ event }: { event: SocketMessage }) => agentError(event.detail) },
            ],
          },
          { guard: 'isEnd', target: '.ending', actions: [dropFrame, 'deliverPartial', 'storeAgentEnd'] },
        ],
        // The conversation ends when the socket has really closed, so a run never has more
        // sockets open than simulations alive.
        'conversation.close': { target: '.closing', actions: 'deliverPartial' },
      },
      states: {
        connecting: {
          on: {
            'socket.open': [
              { guard: 'hasHandshake', target: 'handshake', actions: { type: 'markOpen', params: ({ event }) => event.subprotocol } },
              { target: 'idle', actions: [{ type: 'markOpen', params: ({ event }) => event.subprotocol }, ...ready] },
            ],
          },
          after: {
            connectTimeout: {
              target: '#conversation.failed',
              actions: {
                type: 'fail',
                params: ({ context }) => connectTimeout(context.input.timeouts.connectMs),
              },
            },
          },
        },
        handshake: {
          // One budget for the whole handshake: every step and the ready message (SPEC §9.1).
          after: {
            handshakeTimeout: {
              target: '#conversation.failed',
              actions: { type: 'fail', params: ({ context }) => handshakeTimeoutOf(context) },
            },
          },
          initial: 'sendingStep',
          states: {
            sendingStep: {
              always: [
                { guard: and(['stepsDone', 'stillAwaitsReady']), target: 'awaitingReady' },
                // Text that came during the handshake is the agent's opening turn, still growing.
                { guard: and(['stepsDone', 'hasMessages']), target: '#conversation.session.collecting.receiving', actions: ready },
                { guard: 'stepsDone', target: '#conversation.session.idle', actions: ready },
                { guard: 'stepAwaits', target: 'awaitingStep', actions: 'sendStep' },
                // A step with nothing to await: sent, and on to the next at once.
                { target: 'sendingStep', reenter: true, actions: ['sendStep', { type: 'nextStep', params: { ready: false } }] },
              ],
            },
            awaitingStep: {
              on: {
                'socket.message': [
                  { guard: 'answersStep', target: 'sendingStep', actions: { type: 'nextStep', params: ({ event }) => ({ ready: event.ready }) } },
                  { guard: 'isReady', actions: 'noteReady' },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
            awaitingReady: {
              on: {
                'socket.message': [
                  // Text that came before the ready message is the agent's opening turn, still growing.
                  { guard: and(['isReady', 'hasMessages']), target: '#conversation.session.collecting.receiving', actions: ready },
                  { guard: 'isReady', target: '#conversation.session.idle', actions: ready },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
          },
        },
        idle: {
          always: { guard: 'hasOutbox', target: 'collecting', actions: sendQueued },
          on: {
            // From idle, where the outbox is empty: the message goes out without a trip through it.
            'user.message': { target: 'collecting', actions: sendNow },
            'socket.message': [
              { guard: 'isText', target: 'collecting.receiving', actions: appendFrame },
              { guard: not('endsSession'), actions: dropFrame },
            ],
          },
        },
        collecting: {
          initial: 'waiting',
          on: { 'socket.message': { guard: not('endsSession'), actions: dropFrame } },
          states: {
            waiting: {
              on: {
                'socket.message': [
                  // Coalescing off: the first text message is the whole turn, delivered at once.
                  { guard: and(['isText', 'coalescingOff']), target: '#conversation.session.idle', actions: deliverFrame },
                  { guard: 'isText', target: 'receiving', actions: appendFrame },
                ],
              },
              after: { responseTimeout: { target: '#conversation.session.delivering', actions: 'markTimedOut' } },
            },
            receiving: {
              always: { guard: 'coalescingOff', target: '#conversation.session.delivering' },
              on: {
                'socket.message': [
                  { guard: 'isText', target: 'receiving', reenter: true, actions: appendFrame },
                  // A typing indicator holds the turn open; maxTurn (on collecting) still bounds it.
                  { guard: 'isTyping', target: 'receiving', reenter: true, actions: dropFrame },
                  // The agent said it is done: no quiet period to wait out.
                  { guard: 'isTurnEnd', target: '#conversation.session.delivering', actions: dropFrame },
                ],
              },
              after: {
                quietPeriod: { target: '#conversation.session.delivering' },
                maxTurn: { target: '#conversation.session.delivering', actions: 'markTruncated' },
              },
            },
          },
        },
        delivering: {
          entry: deliverDraft,
          always: { target: 'idle' },
        },
        ending: {
          // The agent said goodbye (endTypes): we close the socket, but the agent ended it.
          entry: 'closeSocket',
          on: {
            'socket.message': {},
            'conversation.close': {},
            'socket.closed': { target: '#conversation.closed' },
            'socket.error': { target: '#conversation.closed' },
          },
        },
        closing: {
          entry: 'closeSocket',
          on: {
            // Already closing: a second close changes nothing (session's handler would close again).
            'conversation.close': {},
            'socket.closed': { target: '#conversation.closed', actions: 'storeClientClose' },
            'socket.error': { target: '#conversation.closed', actions: 'storeClientClose' },
          },
        },
      },
    },
    closed: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => ({
    status: context.error ? 'failed' : 'closed',
    error: context.error,
    close: context.close,
    closedBy: context.closedBy,
    endMessage: context.endMessage,
    ready: context.ready,
    dropped: context.dropped,
    timings: context.timings,
  }),
});

/** Setup errors arrive as thrown values; keep their code, else they are a failed setup. */
function errorInfoOf(error: unknown): ErrorInfo {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const { code: found, message } = error as { code: unknown; message: unknown };
    if (typeof found === 'string' && typeof message === 'string') return { code: found as ErrorInfo['code'], message };
  }
  return setupFailed(describeThrown(error));
}

/** `report` for a conversation a simulation invokes: the simulation hears every report, nobody else listens. */
export const reportToParent = sendParent<ConversationContext, ConversationEvent, ConversationReport, ConversationReport, ConversationEvent>(
  (_, event) => event,
);

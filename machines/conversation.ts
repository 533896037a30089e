/**
 * One conversation with an agent over one WebSocket (SPEC §3). Pure: the `setup` and `socket`
 * actors are named here and provided from src/, and every timer is a named delay read from context.
 */
import { and, assign, enqueueActions, not, fromCallback, fromPromise, setup, type AnyActorRef } from 'xstate';
import { emptyDrops, emptyTimings, realClock } from './defaults.js';
import { agentError, connectTimeout, describeThrown, handshakeTimeout, seconds, setupFailed } from './errors.js';
import type {
  AgentTurn,
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
  UserTurn,
} from './types.js';

/** The agent turn being collected. */
interface TurnDraft {
  messages: string[];
  /** Each message's `order` (orderByPath), null when it had none; sorted by at delivery. */
  orders: Array<number | string | null>;
  /** The accepted frames' parsed JSON, for captures and frame expectations (SPEC §10.1). */
  frames: unknown[];
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

export interface ConversationContext {
  input: ConversationInput;
  now: () => number;
  socketInput: unknown;
  outbox: string[];
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
  return { messages: [], orders: [], frames: [], firstAt: null, lastAt: null, replyTo: null, sentAt: null, startedAt, timedOut: false, truncated: false };
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
function ordered(draft: TurnDraft, sort: boolean): { messages: string[]; frames: unknown[] } {
  if (!sort || draft.messages.length < 2) return { messages: draft.messages, frames: draft.frames };
  const permutation = draft.messages
    .map((_, index) => index)
    .sort((a, b) => compareOrder(draft.orders[a] ?? null, draft.orders[b] ?? null));
  const frames = draft.frames.length === draft.messages.length ? permutation.map((index) => draft.frames[index]) : draft.frames;
  return { messages: permutation.map((index) => draft.messages[index]!), frames };
}

function toAgentTurn(draft: TurnDraft, deliveredAt: number, input: ConversationInput): AgentTurn {
  const { messages, frames } = ordered(draft, input.orderMessages ?? false);
  const turn: AgentTurn = {
    role: 'agent',
    text: messages.join(input.joinWith ?? '\n'),
    messages,
    frames,
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

/** The slice of XState's enqueue API the helpers below use. */
interface Enqueue {
  assign(values: Partial<ConversationContext>): void;
  emit(event: ConversationReport): void;
  sendTo(target: AnyActorRef, event: ConversationReport): void;
}

/** Tells both `actor.on()` listeners (the library) and `reportTo` (a simulation). */
function report(enqueue: Enqueue, context: ConversationContext, event: ConversationReport): void {
  enqueue.emit(event);
  if (context.input.reportTo) enqueue.sendTo(context.input.reportTo, event);
}

function deliver(enqueue: Enqueue, context: ConversationContext, draft: TurnDraft = context.turn): void {
  const at = context.now();
  enqueue.assign({ turn: emptyTurn(at) });
  report(enqueue, context, { type: 'conversation.turn', turn: toAgentTurn(draft, at, context.input) });
}

/** One text message as `appendText` and `deliverText` take it: its text, delivery time and frame. */
export interface FrameMessage {
  text: string;
  at: number;
  /** Where the message sorts in its turn (`orderByPath`), or null. */
  order: number | string | null;
  frame?: unknown;
}

/** The draft with one more message, delivered by the socket at `at`. */
function withMessage(turn: TurnDraft, { text, at, order, frame }: FrameMessage): TurnDraft {
  // A turn nobody asked for starts with its first message: that is where maxTurn counts from.
  const startedAt = turn.firstAt === null && turn.sentAt === null ? at : turn.startedAt;
  const frames = frame === undefined ? turn.frames : [...turn.frames, frame];
  return { ...turn, messages: [...turn.messages, text], orders: [...turn.orders, order], frames, firstAt: turn.firstAt ?? at, lastAt: at, startedAt };
}

/** The socket's own close code and reason, or a normal close when the client ended it first. */
function closeOf(event: ConversationEvent): { code: number; reason: string } {
  return event.type === 'socket.closed' ? { code: event.code, reason: event.reason } : { code: 1000, reason: 'closed by client' };
}

const stepsOf = (context: ConversationContext) => context.input.steps ?? [];

/** Names what the handshake was waiting for: a step's answer (numbered from 1) or the ready message. */
function handshakeTimeoutOf(context: ConversationContext): ErrorInfo {
  const awaited = stepsOf(context)[context.step]?.awaits;
  const budget = context.input.timeouts.handshakeMs;
  return awaited ? handshakeTimeout(budget, { number: context.step + 1, awaited }) : handshakeTimeout(budget);
}

function sendUserMessage(
  enqueue: Enqueue & { sendTo(target: string, event: SocketCommand): void },
  context: ConversationContext,
  text: string,
  outbox: string[],
): void {
  const at = context.now();
  const seq = context.sent + 1;
  enqueue.sendTo('socket', { type: 'socket.send', text, seq } satisfies SocketCommand);
  enqueue.assign({ outbox, sent: seq, turn: { ...emptyTurn(at), replyTo: seq, sentAt: at } });
  const turn: UserTurn = { role: 'user', text, at, seq };
  report(enqueue, context, { type: 'conversation.sent', turn });
}

type SocketMessage = Extract<ConversationEvent, { type: 'socket.message' }>;

/** The frame's text and delivery time, for `appendText` (only ever after an `isText` guard). */
const appendFrame = {
  type: 'appendText',
  params: ({ event }: { event: SocketMessage }) => ({ text: event.text ?? '', at: event.at, order: event.order ?? null, frame: event.frame }),
} as const;
/** The frame's class, for `countDrop`: only ever the fallback after the text and ready branches. */
const dropFrame = { type: 'countDrop', params: ({ event }: { event: SocketMessage }) => ({ dropClass: event.class as DropClass }) } as const;

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
    responseTimeout: ({ context }) => context.input.timeouts.responseMs,
    // Measured from when the turn started, so re-entering collecting never extends it.
    maxTurn: ({ context }) =>
      Math.max(0, context.input.timeouts.maxTurnMs - (context.now() - context.turn.startedAt)),
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
    queueUserMessage: assign({ outbox: ({ context }, { text }: { text: string }) => [...context.outbox, text] }),
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
    sendStep: enqueueActions(({ context, enqueue }) =>
      enqueue.sendTo('socket', { type: 'socket.step', index: context.step } satisfies SocketCommand),
    ),
    /** A frame that answers a step may also be the ready message. */
    nextStep: assign({
      step: ({ context }) => context.step + 1,
      readySeen: ({ context }, { ready }: { ready: boolean }) => context.readySeen || ready,
    }),
    noteReady: assign({ readySeen: true }),
    markReady: enqueueActions(({ context, enqueue }) => {
      const handshaken = context.input.awaitReady || stepsOf(context).length > 0;
      const handshakeMs = handshaken ? context.now() - context.phaseAt : null;
      enqueue.assign({ ready: true, timings: { ...context.timings, handshakeMs } });
      report(enqueue, context, { type: 'conversation.ready', openingStarted: context.turn.messages.length > 0 });
    }),
    /** `at` is when the socket delivered the frame, so a busy machine never shifts a latency. */
    appendText: assign({ turn: ({ context }, message: FrameMessage) => withMessage(context.turn, message) }),
    /** Coalescing off: the message is the whole turn, delivered in one step (one context copy, not two). */
    deliverText: enqueueActions(({ context, enqueue }, message: FrameMessage) => deliver(enqueue, context, withMessage(context.turn, message))),
    countDrop: assign({
      dropped: ({ context }, { dropClass }: { dropClass: DropClass }) => ({ ...context.dropped, [dropClass]: context.dropped[dropClass] + 1 }),
    }),
    sendNext: enqueueActions(({ context, enqueue }) => {
      const [text, ...rest] = context.outbox;
      if (text !== undefined) sendUserMessage(enqueue, context, text, rest);
    }),
    /** From `idle`, where the outbox is empty: the message goes out without a trip through it. */
    sendMessage: enqueueActions(({ context, enqueue }, { text }: { text: string }) => sendUserMessage(enqueue, context, text, context.outbox)),
    markTimedOut: assign({ turn: ({ context }) => ({ ...context.turn, timedOut: true }) }),
    markTruncated: assign({ turn: ({ context }) => ({ ...context.turn, truncated: true }) }),
    deliver: enqueueActions(({ context, enqueue }) => deliver(enqueue, context)),
    /** On close or failure, whatever the agent already said is delivered rather than lost. */
    deliverPartial: enqueueActions(({ context, enqueue }) => {
      if (context.turn.messages.length > 0) deliver(enqueue, context);
    }),
    closeSocket: enqueueActions(({ enqueue }) => enqueue.sendTo('socket', { type: 'socket.close' } satisfies SocketCommand)),
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
    'user.message': { actions: { type: 'queueUserMessage', params: ({ event }) => ({ text: event.text }) } },
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
              { target: 'idle', actions: [{ type: 'markOpen', params: ({ event }) => event.subprotocol }, 'markReady'] },
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
                { guard: and(['stepsDone', 'hasMessages']), target: '#conversation.session.collecting', actions: 'markReady' },
                { guard: 'stepsDone', target: '#conversation.session.idle', actions: 'markReady' },
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
                  { guard: and(['isReady', 'hasMessages']), target: '#conversation.session.collecting', actions: 'markReady' },
                  { guard: 'isReady', target: '#conversation.session.idle', actions: 'markReady' },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
          },
        },
        idle: {
          always: { guard: 'hasOutbox', target: 'collecting', actions: 'sendNext' },
          on: {
            'user.message': { target: 'collecting', actions: { type: 'sendMessage', params: ({ event }) => ({ text: event.text }) } },
            'socket.message': [
              { guard: 'isText', target: 'collecting', actions: appendFrame },
              { guard: not('endsSession'), actions: dropFrame },
            ],
          },
        },
        collecting: {
          initial: 'waiting',
          after: {
            // A reply with nothing in it by then never started: that is a timeout, not a cut.
            maxTurn: [
              { guard: 'hasMessages', target: 'delivering', actions: 'markTruncated' },
              { target: 'delivering', actions: 'markTimedOut' },
            ],
          },
          on: { 'socket.message': { guard: not('endsSession'), actions: dropFrame } },
          states: {
            waiting: {
              // An opening turn from awaitingReady arrives here with messages already collected.
              always: { guard: 'hasMessages', target: 'receiving' },
              on: {
                'socket.message': [
                  // Coalescing off: the first text message is the whole turn, delivered at once.
                  { guard: and(['isText', 'coalescingOff']), target: '#conversation.session.idle', actions: { ...appendFrame, type: 'deliverText' } },
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
              after: { quietPeriod: { target: '#conversation.session.delivering' } },
            },
          },
        },
        delivering: {
          entry: 'deliver',
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

/**
 * One conversation with an agent over one WebSocket (visualizations/conversation.mmd): its states and transitions. Pure:
 * the actors, delays, guards and actions they name are in conversation-setup.ts, the `setup` and
 * `socket` actors provided from src/, and every timer is a named delay read from context.
 */
import { and, not, sendParent } from 'xstate';
import {
  CLIENT_CLOSE,
  conversationSetup,
  handshakeTimeoutOf,
  initialContext,
  sentReport,
  turnReport,
  type ConversationContext,
  type Outgoing,
} from './conversation-setup.js';
import { agentError, connectTimeout, seconds, setupFailed, thrownErrorInfo } from './errors.js';
import { withMessage, type FrameMessage } from './turn.js';
import type { ConversationEvent, ConversationReport, DropClass } from './types.js';

export type { ConversationContext } from './conversation-setup.js';

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
/** Setup, connect and handshake are over: the conversation takes messages, and says so. */
const becomeReady = [
  'acceptMessages',
  { type: 'report', params: ({ context }: Args<ConversationEvent>) => ({ type: 'conversation.ready', openingStarted: context.turn.messages.length > 0 }) as const },
] as const;

export const conversationMachine = conversationSetup.createMachine({
  id: 'conversation',
  context: ({ input }) => initialContext(input),
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
            params: ({ event }) => thrownErrorInfo(event.error, setupFailed),
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
      on: { 'conversation.close': { target: 'closed', actions: { type: 'storeClientClose', params: CLIENT_CLOSE } } },
    },
    session: {
      invoke: { id: 'socket', src: 'socket', input: ({ context }: { context: ConversationContext }) => context.socketInput },
      initial: 'connecting',
      on: {
        'socket.error': {
          target: 'failed',
          actions: ['deliverPartial', { type: 'fail', params: ({ event }) => event.error }],
        },
        'socket.closed': {
          target: 'closed',
          actions: ['deliverPartial', { type: 'storeClose', params: ({ event }) => ({ code: event.code, reason: event.reason }) }],
        },
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
              { target: 'ready', actions: { type: 'markOpen', params: ({ event }) => event.subprotocol } },
            ],
          },
          after: {
            connectTimeout: {
              target: '#conversation.failed',
              actions: {
                type: 'fail',
                params: ({ context }) => connectTimeout(context.input.timeouts.connectMs, context.socketUrl),
              },
            },
          },
        },
        handshake: {
          // One budget for the whole handshake: every step and the ready message (README "Connecting to your agent").
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
                { guard: and(['stepsDone', 'awaitsReadyMessage']), target: 'awaitingReady' },
                { guard: 'stepsDone', target: '#conversation.session.ready' },
                { guard: 'stepIsHttp', target: 'requestingStep' },
                { guard: 'stepAwaits', target: 'awaitingStep', actions: 'sendStep' },
                // A step with nothing to await: sent, and on to the next at once.
                { target: 'sendingStep', reenter: true, actions: ['sendStep', { type: 'nextStep', params: { readyMessage: false } }] },
              ],
            },
            awaitingStep: {
              on: {
                'socket.message': [
                  { guard: 'answersStep', target: 'sendingStep', actions: { type: 'nextStep', params: ({ event }) => ({ readyMessage: event.ready }) } },
                  { guard: 'isReadyMessage', actions: 'noteReadyMessage' },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
            requestingStep: {
              invoke: {
                id: 'handshakeHttp',
                src: 'handshakeHttp',
                input: ({ context }: { context: ConversationContext }) => ({ socket: context.socketInput, index: context.step }),
                onDone: { target: 'sendingStep', actions: { type: 'nextStep', params: { readyMessage: false } } },
                onError: { target: '#conversation.failed', actions: ['deliverPartial', { type: 'fail', params: ({ event }) => thrownErrorInfo(event.error, setupFailed) }] },
              },
              on: {
                'socket.message': [
                  { guard: 'isReadyMessage', actions: 'noteReadyMessage' },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
            awaitingReady: {
              on: {
                'socket.message': [
                  { guard: 'isReadyMessage', target: '#conversation.session.ready' },
                  { guard: 'isText', actions: appendFrame },
                  { guard: not('endsSession'), actions: dropFrame },
                ],
              },
            },
          },
        },
        // The one place the conversation becomes ready. Text that came during the handshake is the
        // agent's opening turn, still growing.
        ready: {
          entry: becomeReady,
          always: [{ guard: 'hasMessages', target: 'collecting.receiving' }, { target: 'idle' }],
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
            'socket.closed': {
              target: '#conversation.closed',
              actions: { type: 'storeClientClose', params: ({ event }) => ({ code: event.code, reason: event.reason }) },
            },
            'socket.error': { target: '#conversation.closed', actions: { type: 'storeClientClose', params: CLIENT_CLOSE } },
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
    ready: context.acceptsMessages,
    dropped: context.dropped,
    timings: context.timings,
  }),
});

/** `report` for a conversation a simulation invokes: the simulation hears every report, nobody else listens. */
export const reportToParent = sendParent<ConversationContext, ConversationEvent, ConversationReport, ConversationReport, ConversationEvent>(
  (_, event) => event,
);

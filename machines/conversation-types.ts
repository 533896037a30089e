/**
 * The conversation's types, shared with src/: frames and their classes, turns, what the socket
 * actor and the conversation tell each other. Transports are opaque plans src/ builds and reads.
 */
import type { ErrorInfo } from './errors.js';

/**
 * Classes of inbound messages that add no text (README "How replies are read"), in the order they are checked.
 * Each is counted in `dropped`, though `error`, `end`, `turnEnd` and `typing` also steer the turn.
 */
export type DropClass =
  | 'binary'
  | 'invalidFrame'
  | 'protocol'
  | 'invalidJson'
  | 'autoReply'
  | 'direction'
  | 'error'
  | 'end'
  | 'turnEnd'
  | 'typing'
  | 'type'
  | 'noText';
export const DROP_CLASSES: readonly DropClass[] = [
  'binary',
  'invalidFrame',
  'protocol',
  'invalidJson',
  'autoReply',
  'direction',
  'error',
  'end',
  'turnEnd',
  'typing',
  'type',
  'noText',
];

/** Every class a frame can get (README "How replies are read"). */
export type InboundClass = DropClass | 'ready' | 'text';

export type DropCounts = Record<DropClass, number>;

/** A button or quick reply the agent offered; `payload` is the title when it had none. */
export interface Choice {
  title: string;
  payload: string;
}

/** One agent turn: the text messages the agent sent between two quiet periods. */
export interface AgentTurn {
  role: 'agent';
  /** The messages' texts joined with `joinWith` (default `\n`). */
  text: string;
  messages: string[];
  /** Epoch ms when its first message arrived (when it was given up on, for an empty timed-out reply). */
  at: number;
  /** Number of the user message this turn answers (from 1), or null for a turn nobody asked for. */
  replyTo: number | null;
  /** For a reply: ms from the user message to the first and to the last message. */
  latencyMs?: number;
  lastMessageLatencyMs?: number;
  /** A reply whose first message never came within `responseTimeoutSeconds`. */
  timedOut: boolean;
  /** A turn cut after `maxTurnSeconds`. */
  truncated: boolean;
  /** Epoch ms when the turn was delivered. */
  deliveredAt: number;
  /** The parsed JSON of each accepted (text) frame, for path captures and `frame` expectations. */
  frames?: unknown[];
  /** Every choice its messages offered, in order; present when there is any. */
  choices?: Choice[];
  /** Every attachment of its messages, as sent; present when there is any. */
  attachments?: unknown[];
}

/** One user message, as sent. */
export interface UserTurn {
  role: 'user';
  text: string;
  /** Epoch ms when it was sent. */
  at: number;
  /** Its number in the conversation, from 1. */
  seq: number;
  /** A click: the choice sent; `text` is then its title. */
  click?: Choice;
}

export interface Timings {
  setupMs: number | null;
  connectMs: number | null;
  handshakeMs: number | null;
  /** The subprotocol the agent picked; present only when one was offered and picked. */
  subprotocol?: string;
}

/** What the provided `socket` actor reports (events sent to the conversation). */
export type SocketEvent =
  /** `subprotocol`: the one the agent picked, when subprotocols were offered. */
  | { type: 'socket.open'; subprotocol?: string }
  | {
      type: 'socket.message';
      class: DropClass | 'text';
      ready: boolean;
      text?: string;
      /** `text`: its place in the turn (`orderByPath`), a number or a string. */
      order?: number | string;
      /** `error`: what the agent said went wrong (secrets masked, cut). */
      detail?: string;
      /** Epoch ms (on the conversation's clock) when the socket delivered the frame. */
      at: number;
      /** The parsed JSON of an accepted (text) frame, for captures and `frame` expectations. */
      frame?: unknown;
      /** The handshake steps (indices from 0) whose `await` this frame satisfies. */
      steps?: number[];
      /** `text`: the choices and attachments it carries. */
      choices?: Choice[];
      attachments?: unknown[];
    }
  | { type: 'socket.closed'; code: number; reason: string }
  | { type: 'socket.error'; error: ErrorInfo };

/** What the conversation tells its `socket` actor. */
export type SocketCommand =
  /** A user message; `seq` is its number in the conversation, from 1 (`{{message.seq}}`). */
  | { type: 'socket.send'; text: string; seq: number; click?: Choice }
  /** Send handshake step `index` (from 0). */
  | { type: 'socket.step'; index: number }
  | { type: 'socket.close' };

/** Events a conversation accepts from its user (the library or a simulation). */
export type ConversationCommand = { type: 'user.message'; text: string; click?: Choice } | { type: 'conversation.close' };

export type ConversationEvent = SocketEvent | ConversationCommand;

/** Events a conversation emits (for `actor.on`), or sends to the simulation that invoked it. */
export type ConversationReport =
  | { type: 'conversation.ready'; openingStarted: boolean }
  | { type: 'conversation.sent'; turn: UserTurn }
  | { type: 'conversation.turn'; turn: AgentTurn };

/** Timer lengths, all in ms (config seconds × 1000). */
export interface ConversationTimeouts {
  connectMs: number;
  handshakeMs: number;
  quietMs: number;
  responseMs: number;
  maxTurnMs: number;
}

export interface ConversationInput {
  /** The socket actor's input. Absent in http-first mode, where the `setup` actor returns it. */
  socket?: unknown;
  /** The URL the socket connects to, secrets masked, for connect errors to name. Absent in http-first mode. */
  socketUrl?: string;
  /** The setup actor's input (http-first mode). */
  setup?: unknown;
  /** Wait for a ready message after the socket opens. */
  awaitReady: boolean;
  /**
   * Handshake steps, sent in order after the socket opens (README "Connecting to your agent"). `awaits` describes the frame
   * a step waits for (named in its timeout), or is null for a step that only sends. @default []
   */
  steps?: HandshakeStepPlan[];
  timeouts: ConversationTimeouts;
  /** How a turn's messages join into its text. @default "\n" */
  joinWith?: string;
  /** Sort a turn's messages by their `order` before delivery (`orderByPath` is set). @default false */
  orderMessages?: boolean;
  /** Clock in epoch ms. @default realClock (machines/defaults.ts) */
  now?: () => number;
}

/** What the machine knows of one handshake step; the socket actor knows what it sends. */
export interface HandshakeStepPlan {
  awaits: string | null;
  /** An HTTP request (README "Values from the handshake"), made by the provided `handshakeHttp` actor. @default false */
  http?: boolean;
}

/** The setup actor's output. */
export interface SetupOutput {
  socket: unknown;
  /** The URL the setup response gave, secrets masked, for connect errors to name. */
  socketUrl?: string;
}

export interface ConversationOutput {
  status: 'closed' | 'failed';
  error: ErrorInfo | null;
  /** The close code and reason when the socket was closed (by either side). */
  close: { code: number; reason: string } | null;
  /** Who ended the conversation: the client (`conversation.close`), the agent, or neither (a failure). */
  closedBy: 'client' | 'agent' | null;
  /** The agent ended it with an `endTypes` message (not by closing the socket). @default false */
  endMessage?: boolean;
  /** Whether the conversation got past connect and handshake. */
  ready: boolean;
  dropped: DropCounts;
  timings: Timings;
}

/**
 * The agent turn being collected, and how it becomes the `AgentTurn` delivered: messages in
 * arrival (or `order`) order, with their latencies.
 */
import type { AgentTurn, Choice, ConversationInput } from './types.js';

/** What a message offers besides text (README "Buttons, cards and clicks"). */
export interface Cards {
  choices?: Choice[];
  attachments?: unknown[];
}

/** The agent turn being collected. */
export interface TurnDraft {
  messages: string[];
  /** Each message's `order` (orderByPath), null when it had none; sorted by at delivery. */
  orders: Array<number | string | null>;
  /** The accepted frames' parsed JSON, for captures and frame expectations (README "Captures and more expectations"). */
  frames: unknown[];
  /** Each message's choices and attachments, null when it had none; sorted with it. */
  cards: Array<Cards | null>;
  /** When its first message arrived. */
  firstAt: number | null;
  lastAt: number | null;
  /** For a reply: the user message it answers and when that was sent. */
  replyTo: number | null;
  sentAt: number | null;
  /** When collecting started: the user message, or the first message of an unsolicited turn. `maxTurn` counts from here. */
  collectingSince: number;
  timedOut: boolean;
  truncated: boolean;
}

/** A draft with nothing in it yet, collecting since `at`. */
export function emptyTurn(at: number): TurnDraft {
  return {
    messages: [],
    orders: [],
    frames: [],
    cards: [],
    firstAt: null,
    lastAt: null,
    replyTo: null,
    sentAt: null,
    collectingSince: at,
    timedOut: false,
    truncated: false,
  };
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

/** The draft as the turn delivered at `deliveredAt`. */
export function toAgentTurn(draft: TurnDraft, deliveredAt: number, input: ConversationInput): AgentTurn {
  const { messages: all, frames, cards } = ordered(draft, input.orderMessages ?? false);
  // A card-only message adds no text: it must not add an empty line either.
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
export function withMessage(turn: TurnDraft, { text, at, order, frame, cards }: FrameMessage): TurnDraft {
  // A turn nobody asked for starts with its first message: that is where maxTurn counts from.
  const collectingSince = turn.firstAt === null && turn.sentAt === null ? at : turn.collectingSince;
  const frames = frame === undefined ? turn.frames : [...turn.frames, frame];
  const messages = [...turn.messages, text];
  return { ...turn, messages, orders: [...turn.orders, order], frames, cards: [...turn.cards, cards ?? null], firstAt: turn.firstAt ?? at, lastAt: at, collectingSince };
}

import type { DropClass } from '../machines/types.js';
import { compileAutoReplies } from './classify/auto-replies.js';
import { compileAnyOf, type MessageTest } from './classify/condition.js';
import { compileCards, type Cards } from './classify/cards.js';
import { compileDecode } from './classify/decode.js';
import { compileOrderKey, type OrderKey } from './classify/order-key.js';
import type { ConditionSet, MessagesConfig } from './config/types.js';
import { compilePath } from './paths.js';

/** One message, classified (README "How replies are read"): a frame, or one item of a frame's list. */
export interface ClassifiedMessage {
  class: DropClass | 'text';
  /** The value at `typePath` equals `readyType` (it only matters while awaiting the handshake). */
  ready: boolean;
  text?: string;
  /** The message's JSON after `decode` (probe shows it). */
  json?: unknown;
  /** `text`: its `orderByPath` value, when it has one. */
  order?: OrderKey;
  /** `error`: the text at `errorPath`, or the message itself, cut. */
  detail?: string;
  /** `autoReply`: which of `messages.autoReplies` it matched (index). */
  autoReply?: number;
  /** `text`: its choices and attachments (README "Buttons, cards and clicks"), when it has any. */
  cards?: Cards;
}

/** One inbound frame: its messages (one, or one per item with `itemsPath`), in order. */
export interface ClassifiedFrame {
  messages: ClassifiedMessage[];
  /** The parsed frame after `decode`, when it was JSON. */
  json?: unknown;
  /** The frame carried a list at `itemsPath` (even one of a single item). */
  split: boolean;
}

/** Classifies one frame as it came off the socket (the `json` framing, README "How replies are read"). */
export type Classifier = (data: string | Buffer, isBinary: boolean) => ClassifiedFrame;

/**
 * Classifies one message the framing read (README "Frame formats"): a JSON value, classified as if it had been
 * a frame of its own (`decode`, then one message, or one per item with `itemsPath`).
 */
export type ValueClassifier = (json: unknown) => ClassifiedFrame;

/** How an error message quotes a frame with nothing at `errorPath`. */
const DETAIL_MAX = 200;

const BINARY: ClassifiedFrame = { messages: [{ class: 'binary', ready: false }], split: false };
const INVALID: ClassifiedFrame = { messages: [{ class: 'invalidJson', ready: false }], split: false };

/**
 * Compiles the classification of `messages` once per config; the result binds the one value that
 * differs per conversation (`inboundDirection`, which usually holds `{{simulation.id}}`) and
 * returns the classifier. Each message then costs a few property reads.
 */
export function compileClassifier(
  messages: MessagesConfig,
  readyType?: string,
  readyWhen: readonly ConditionSet[] = [],
): (inboundDirection?: string) => ValueClassifier {
  const decode = compileDecode(messages.decode);
  const itemsOf = messages.itemsPath === undefined ? null : compilePath(messages.itemsPath);
  const classifyMessage = compileMessageClassifier(messages, readyType, readyWhen);
  return (inboundDirection) => {
    const classify = classifyMessage(inboundDirection);
    return (parsed) => {
      const json = decode(parsed);
      const items = itemsOf?.(json);
      // A frame without a list there (a keepalive, an error) is one message, classified as such.
      if (!Array.isArray(items) || items.length === 0) return { messages: [classify(json)], json, split: false };
      return { messages: items.map((item) => classify(decode(item))), json, split: true };
    };
  };
}

/**
 * The classifier of a config with no per-conversation values and the default `json` framing, for
 * a frame as it came off the socket (tests).
 */
export function createClassifier(messages: MessagesConfig, readyType?: string, inboundDirection?: string, readyWhen: readonly ConditionSet[] = []): Classifier {
  const classify = compileClassifier(messages, readyType, readyWhen)(inboundDirection);
  return (data, isBinary) => {
    if (isBinary) return BINARY;
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
    } catch {
      return INVALID;
    }
    return classify(json);
  };
}

/**
 * One message through the classes after `invalidJson`, in README "How replies are read"'s order, which must not
 * change: ready, autoReply, direction, error, end, turnEnd, typing, type, noText, text.
 */
function compileMessageClassifier(messages: MessagesConfig, readyType: string | undefined, readyWhen: readonly ConditionSet[]) {
  const typeOf = messages.typePath === '' ? null : compilePath(messages.typePath);
  const classOf = compileClassOf(messages);
  const readyOf = compileAnyOf(readyWhen);
  const textOf = compilePath(messages.textPath);
  const directionOf = messages.directionPath ? compilePath(messages.directionPath) : null;
  const outbound = messages.outboundDirection ? new Set<unknown>(messages.outboundDirection) : null;
  const autoReplyOf = compileAutoReplies(messages.autoReplies);
  const errorOf = messages.errorPath ? compilePath(messages.errorPath) : null;
  const orderOf = compileOrderKey(messages.orderByPath);
  const cardsOf = compileCards(messages);
  const awaitsReady = readyType !== undefined && readyType !== '' && typeOf !== null;

  return (inboundDirection?: string) => {
    const isDirectionDropped = directionFilter(directionOf, outbound, inboundDirection);
    return (json: unknown): ClassifiedMessage => {
      const type = typeOf ? typeOf(json) : undefined;
      const ready = (awaitsReady && type === readyType) || (readyOf?.(json) ?? false);
      const autoReply = autoReplyOf ? autoReplyOf(json) : -1;
      if (autoReply >= 0) return { class: 'autoReply', ready, json, autoReply };
      if (isDirectionDropped(json)) return { class: 'direction', ready, json };
      const cls = classOf(json, type);
      if (cls === 'error') return { class: 'error', ready, json, detail: errorDetail(json, errorOf) };
      if (cls !== undefined && cls !== 'text') return { class: cls, ready, json };
      if (typeOf && cls !== 'text') return { class: 'type', ready, json };
      const found = textOf(json);
      const text = typeof found === 'string' ? found : '';
      // A card or a row of buttons with no text is still part of the reply (README "Buttons, cards and clicks").
      const cards = cardsOf?.(json) ?? null;
      if (text === '' && !cards) return { class: 'noText', ready, json };
      const order = orderOf?.(json);
      const message: ClassifiedMessage = { class: 'text', ready, text, json };
      if (order !== undefined) message.order = order;
      if (cards) message.cards = cards;
      return message;
    };
  };
}

type ListedClass = 'error' | 'end' | 'turnEnd' | 'typing' | 'text';

/**
 * The class the `*Types` and `*When` lists give a message, or undefined. The classes are tried in
 * the README's order (error, end, turnEnd, typing), each by its type list, then by its conditions.
 */
function compileClassOf(messages: MessagesConfig): (json: unknown, type: unknown) => ListedClass | undefined {
  const typeClass = typeClasses(messages);
  const order = ['error', 'end', 'turnEnd', 'typing'] as const;
  const whens = new Map<ListedClass, MessageTest>();
  for (const cls of order) {
    const test = compileAnyOf(messages[`${cls}When`]);
    if (test) whens.set(cls, test);
  }
  const byType = (type: unknown) => (typeof type === 'string' ? typeClass.get(type) : undefined);
  if (whens.size === 0) return (_json, type) => byType(type);
  return (json, type) => {
    const typed = byType(type);
    for (const cls of order) {
      if (typed === cls || whens.get(cls)?.(json)) return cls;
    }
    return typed;
  };
}

/** Each type value's class; a type is in one list only (the config refuses overlaps). */
function typeClasses(messages: MessagesConfig): Map<string, 'error' | 'end' | 'turnEnd' | 'typing' | 'text'> {
  const classes = new Map<string, 'error' | 'end' | 'turnEnd' | 'typing' | 'text'>();
  // Later lists never overwrite earlier ones: the first class in that order wins.
  const lists = [
    ['error', messages.errorTypes],
    ['end', messages.endTypes],
    ['turnEnd', messages.turnEndTypes],
    ['typing', messages.typingTypes],
    ['text', messages.textTypes],
  ] as const;
  for (const [cls, types] of lists) for (const type of types) if (!classes.has(type)) classes.set(type, cls);
  return classes;
}

/**
 * Direction filtering (README "How replies are read" rule 4, §9.3): with `outboundDirection`, only its values pass;
 * with `inboundDirection`, everything passes but that value (our own echo).
 */
function directionFilter(
  directionOf: ((value: unknown) => unknown) | null,
  outbound: ReadonlySet<unknown> | null,
  inbound: string | undefined,
): (json: unknown) => boolean {
  if (!directionOf) return () => false;
  if (outbound) return (json) => !outbound.has(directionOf(json));
  if (inbound !== undefined) return (json) => directionOf(json) === inbound;
  return () => false;
}

function errorDetail(json: unknown, errorOf: ((value: unknown) => unknown) | null): string {
  const value = errorOf?.(json);
  if (typeof value === 'string' && value !== '') return value;
  const text = JSON.stringify(value ?? json) ?? String(json);
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

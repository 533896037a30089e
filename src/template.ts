import { walkJson, type JsonValue } from './json.js';
import { readPath } from './paths.js';

/** `{{ name }}`; whitespace inside the braces is allowed. */
const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a placeholder name refers to, or null for a name Parley does not know. */
export type PlaceholderRef =
  | { kind: 'message' }
  | { kind: 'message.seq' }
  | { kind: 'message.id' }
  | { kind: 'simulation.id' }
  | { kind: 'case.id' }
  | { kind: 'choice.title' }
  | { kind: 'choice.payload' }
  | { kind: 'env'; name: string }
  | { kind: 'setup'; path: string }
  | { kind: 'handshake'; name: string };

export function parsePlaceholder(name: string): PlaceholderRef | null {
  if (MESSAGE_NAMES.has(name) || name === 'simulation.id' || name === 'case.id') return { kind: name as 'message' };
  if (name === 'choice.title' || name === 'choice.payload') return { kind: name };
  if (name.startsWith('env.')) {
    const envName = name.slice(4);
    return ENV_NAME.test(envName) ? { kind: 'env', name: envName } : null;
  }
  if (name.startsWith('setup.') && name.length > 6) return { kind: 'setup', path: name.slice(6) };
  if (name.startsWith('handshake.') && ENV_NAME.test(name.slice(10))) return { kind: 'handshake', name: name.slice(10) };
  return null;
}

/** Every placeholder name used in the strings of `value` (object keys are never templated). */
export function placeholdersIn(value: JsonValue | undefined): string[] {
  const names: string[] = [];
  walkJson(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.push(match[1]!);
  });
  return names;
}

/** The placeholders that stand for the user message being sent (README "Config reference"). */
const MESSAGE_NAMES: ReadonlySet<string> = new Set(['message', 'message.seq', 'message.id']);

/**
 * `{"$json": value}`: the value is rendered and put in as a string holding its JSON (README "Config reference"),
 * so a JSON document inside a JSON string (Action Cable) carries the user's text exactly.
 */
function jsonWrapped(value: JsonValue): { inner: JsonValue } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$json' ? { inner: value.$json! } : null;
}

/** Values placeholders render to. Missing ones render as they are written, so a later pass can fill them. */
export interface TemplateVars {
  message?: string;
  /** `{{message.seq}}`: 1 for the conversation's first user message, 2 for the next… */
  messageSeq?: number;
  /** `{{message.id}}`: a fresh UUID per user message. */
  messageId?: string;
  simulationId?: string;
  caseId?: string;
  env?: Record<string, string>;
  /** The parsed JSON body of the http-first setup response. */
  setup?: JsonValue;
  /** `{{handshake.NAME}}`: the values handshake steps captured so far (README "Config reference"). */
  handshake?: Readonly<Record<string, JsonValue>>;
  /** `{{choice.title}}`, `{{choice.payload}}`: the choice a click sends (README "Buttons, cards and clicks", clickTemplate). */
  choice?: { title: string; payload: string };
}

/** Thrown (as a plain Error) when a `{{setup.x}}` path is missing from the setup response. */
export class MissingSetupValue extends Error {
  constructor(readonly path: string) {
    super(`no value at "${path}" in the setup response for {{setup.${path}}}`);
  }
}

function lookup(ref: PlaceholderRef, vars: TemplateVars): JsonValue | undefined {
  switch (ref.kind) {
    case 'message':
      return vars.message;
    case 'message.seq':
      return vars.messageSeq;
    case 'message.id':
      return vars.messageId;
    case 'simulation.id':
      return vars.simulationId;
    case 'case.id':
      return vars.caseId;
    case 'choice.title':
      return vars.choice?.title;
    case 'choice.payload':
      return vars.choice?.payload;
    case 'env':
      return vars.env?.[ref.name];
    case 'handshake':
      return vars.handshake && Object.hasOwn(vars.handshake, ref.name) ? vars.handshake[ref.name] : undefined;
    case 'setup': {
      if (vars.setup === undefined) return undefined;
      const found = readPath(vars.setup, ref.path);
      if (found === undefined) throw new MissingSetupValue(ref.path);
      return found as JsonValue;
    }
  }
}

function asText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders one string to text: a setup value that is not a string becomes its JSON. */
export function renderText(text: string, vars: TemplateVars): string {
  return asText(renderString(text, vars));
}

/**
 * Renders one string. Replacement happens on the parsed string value, never on JSON text, so the
 * user's text (quotes, backslashes, even a literal `{{message}}`) is inserted verbatim and is never
 * scanned again. A string that is exactly one setup placeholder keeps the setup value's JSON type.
 * Hand-written on purpose: lodash's `template` compiles the text to JavaScript and runs it, which
 * config text and setup values must never reach.
 */
export function renderString(text: string, vars: TemplateVars): JsonValue {
  const whole = /^\{\{\s*([^{}\s]+)\s*\}\}$/.exec(text);
  if (whole) {
    const ref = parsePlaceholder(whole[1]!);
    // A JSON-RPC id or a sequence field wants the number, not its digits in a string.
    if (ref?.kind === 'setup' || ref?.kind === 'handshake' || ref?.kind === 'message.seq') {
      const value = lookup(ref, vars);
      if (value !== undefined) return value;
    }
  }
  return text.replace(PLACEHOLDER, (written, name: string) => {
    const ref = parsePlaceholder(name);
    const value = ref ? lookup(ref, vars) : undefined;
    return value === undefined ? written : asText(value);
  });
}

/** Renders every string inside a JSON value; keys and non-string values stay as they are. */
export function renderValue(value: JsonValue, vars: TemplateVars): JsonValue {
  if (typeof value === 'string') return renderString(value, vars);
  const wrapped = jsonWrapped(value);
  if (wrapped) return JSON.stringify(renderValue(wrapped.inner, vars));
  if (Array.isArray(value)) return value.map((item) => renderValue(item, vars));
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties: `out[key] =` would turn a `__proto__` key (an own
    // property in parsed JSON) into a prototype change and lose its value.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, vars)]));
  }
  return value;
}

/** What a user message fills in: its text, `{{message.seq}}` and `{{message.id}}`. */
export interface OutgoingMessage {
  text: string;
  /** @default 1 */
  seq?: number;
  /** @default '' */
  id?: string;
}

/**
 * Compiles the send template once per conversation: every placeholder but the `{{message…}}` ones
 * is rendered up front, part by part around them, so a value that itself contains `{{message}}`
 * (an env or setup value) stays as it is. A send then only joins strings and serialises once.
 */
export function compileSendTemplate(template: JsonValue, vars: TemplateVars): (message: string | OutgoingMessage) => string {
  const segments = mergeConstants(compileText(template, { ...vars, message: undefined, messageSeq: undefined, messageId: undefined }));
  return (message) => {
    const full = typeof message === 'string' ? { text: message, seq: 1, id: '' } : { text: message.text, seq: message.seq ?? 1, id: message.id ?? '' };
    let text = '';
    for (const segment of segments) text += typeof segment === 'string' ? segment : segment(full);
    return text;
  };
}

/**
 * The send template as JSON text: fixed text, and a builder for each part that holds the message.
 * A send is then one `JSON.stringify` of the user's text and a few joins, not a value built and
 * serialised whole (it is on every turn's path). Same text as `JSON.stringify` of
 * {@link compileTemplate}'s value: keys in the value's own order, `$json` as a string of JSON.
 */
type TextSegment = string | ((message: Required<OutgoingMessage>) => string);

function compileText(value: JsonValue, vars: TemplateVars): TextSegment[] {
  if (typeof value === 'string') {
    const build = compileString(value, vars);
    if (!MESSAGE_SPLIT_ONE.test(value)) return [JSON.stringify(build({ text: '', seq: 1, id: '' }))];
    return [(message) => JSON.stringify(build(message))];
  }
  const wrapped = jsonWrapped(value);
  if (wrapped) {
    const inner = mergeConstants(compileText(wrapped.inner, vars));
    if (inner.every((segment) => typeof segment === 'string')) return [JSON.stringify(inner.join(''))];
    return [(message) => JSON.stringify(inner.map((segment) => (typeof segment === 'string' ? segment : segment(message))).join(''))];
  }
  if (Array.isArray(value)) return ['[', ...value.flatMap((item, i) => [...(i > 0 ? [','] : []), ...compileText(item, vars)]), ']'];
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return ['{', ...entries.flatMap(([key, item], i) => [`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`, ...compileText(item, vars)]), '}'];
  }
  return [JSON.stringify(value)];
}

/** Adjacent fixed texts joined once, at compile time. */
function mergeConstants(segments: TextSegment[]): TextSegment[] {
  const merged: TextSegment[] = [];
  for (const segment of segments) {
    const last = merged.length - 1;
    if (typeof segment === 'string' && typeof merged[last] === 'string') merged[last] += segment;
    else merged.push(segment);
  }
  return merged;
}

/** `messages.sendFrames` (README "Config reference"): each item compiled like the send template; a send yields the frames in order. */
export function compileSendFrames(frames: readonly JsonValue[], vars: TemplateVars): (message: string | OutgoingMessage) => string[] {
  const each = frames.map((frame) => compileSendTemplate(frame, vars));
  return (message) => each.map((render) => render(message));
}

/** {@link compileSendTemplate} without the final serialisation (for senders that need the value). */
export function compileTemplate(template: JsonValue, vars: TemplateVars): (message: OutgoingMessage) => JsonValue {
  const build = compileNode(template, { ...vars, message: undefined, messageSeq: undefined, messageId: undefined });
  return (message) => build({ text: message.text, seq: message.seq ?? 1, id: message.id ?? '' });
}

type Builder = (message: Required<OutgoingMessage>) => JsonValue;
/** Splitting on a pattern with a group keeps the names at the odd indices. */
const MESSAGE_SPLIT = /\{\{\s*(message(?:\.seq|\.id)?)\s*\}\}/g;
const MESSAGE_WHOLE = /^\{\{\s*message\.seq\s*\}\}$/;
/** A string that holds any `{{message…}}` placeholder (not global: `test` keeps no state). */
const MESSAGE_SPLIT_ONE = /\{\{\s*message(?:\.seq|\.id)?\s*\}\}/;

function messageValue(name: string, message: Required<OutgoingMessage>): string {
  if (name === 'message.seq') return String(message.seq);
  return name === 'message.id' ? message.id : message.text;
}

function compileString(value: string, vars: TemplateVars): Builder {
  if (MESSAGE_WHOLE.test(value)) return (message) => message.seq;
  const parts = value.split(MESSAGE_SPLIT);
  if (parts.length === 1) {
    const fixed = renderString(value, vars);
    return () => fixed;
  }
  const fixed = parts.map((part, i) => (i % 2 === 1 ? part : asText(renderString(part, vars))));
  if (fixed.length === 3) {
    // One placeholder (the usual "{{message}}"): no array per send.
    const [before, name, after] = fixed as [string, string, string];
    return (message) => before + messageValue(name, message) + after;
  }
  return (message) => fixed.map((part, i) => (i % 2 === 1 ? messageValue(part, message) : part)).join('');
}

function compileNode(value: JsonValue, vars: TemplateVars): Builder {
  if (typeof value === 'string') return compileString(value, vars);
  if (Array.isArray(value)) {
    const items = value.map((item) => compileNode(item, vars));
    return (message) => items.map((item) => item(message));
  }
  const wrapped = jsonWrapped(value);
  if (wrapped) {
    const inner = compileNode(wrapped.inner, vars);
    return (message) => JSON.stringify(inner(message));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileNode(item, vars)] as const);
    // fromEntries, not assignment, so a `__proto__` key stays a key (see renderValue).
    return (message) => Object.fromEntries(entries.map(([key, item]) => [key, item(message)]));
  }
  return () => value;
}

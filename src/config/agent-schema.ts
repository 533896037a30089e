import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { parsePlaceholder, placeholdersIn, renderString } from '../template.js';
import { describeJsonError, isRecord, recordAt } from './issues.js';
import type { JsonValue } from './types.js';

/** setTimeout holds at most 2^31-1 ms; a longer delay would fire at once rather than late. */
export const MAX_SECONDS = 2_147_483;

export const SETUP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The send template used when `messages.sendTemplate` is absent. */
export const DEFAULT_SEND_TEMPLATE = { type: 'message', text: '{{message}}' } as const;

const positiveSeconds = (fallback: number) => z.number().gt(0).max(MAX_SECONDS).default(fallback);
const nonNegativeSeconds = (fallback: number) => z.number().min(0).max(MAX_SECONDS).default(fallback);

const headerValue = z.string().refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks');
const headers = z.record(z.string(), headerValue).default({});

/** True for data JSON can carry; plain objects from library callers may hold anything. */
function isJsonValue(value: unknown, ancestors = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || ancestors.has(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  ancestors.add(value);
  const ok = Object.values(value).every((item) => isJsonValue(item, ancestors));
  ancestors.delete(value);
  return ok;
}

/**
 * A JSON value, or a string holding JSON (as pasted from a web form); the output is always the
 * parsed value. null is refused: an empty YAML key most likely means "none", not "send null".
 */
const jsonOrJsonText = z.unknown().transform((value, ctx): JsonValue => {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not valid JSON: ${describeJsonError(error)}` });
      return z.NEVER;
    }
  }
  if (parsed === null) ctx.addIssue({ code: 'custom', message: 'must not be null (leave it out instead)' });
  else if (!isJsonValue(parsed)) ctx.addIssue({ code: 'custom', message: 'must be JSON data' });
  return parsed as JsonValue;
});

const setupSchema = z.strictObject({
  url: z.string(),
  method: z
    .string()
    .refine((method) => (SETUP_METHODS as readonly string[]).includes(method.toUpperCase()), {
      message: `must be one of ${SETUP_METHODS.join(', ')}`,
    })
    .transform((method) => method.toUpperCase())
    .default('POST'),
  body: jsonOrJsonText.optional(),
  headers,
  websocketUrlPath: z.string().min(1),
});

const connectionSchema = z.strictObject({
  mode: z.enum(['direct', 'http-first']).default('direct'),
  protocol: z.enum(['json', 'socket.io']).default('json'),
  socketioPath: z
    .string()
    .refine((path) => path.startsWith('/'), 'must start with /')
    .default('/socket.io'),
  subprotocols: z.array(z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'not a valid subprotocol name')).optional(),
  keepaliveMessage: jsonOrJsonText.optional(),
  url: z.string().optional(),
  authorization: z.string().min(1).optional(),
  headers,
  init: jsonOrJsonText.optional(),
  setup: setupSchema.optional(),
  connectTimeoutSeconds: positiveSeconds(10),
  keepaliveSeconds: nonNegativeSeconds(15),
  tls: z
    .strictObject({
      caFile: z.string().min(1).optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
});

/** A list of strings; a single string means a one-item list. */
const stringList = z.preprocess(
  (value) => (typeof value === 'string' ? [value] : value),
  z.array(z.string(), {
    error: (issue) => (issue.code === 'invalid_type' ? 'must be a string or a list of strings' : undefined),
  }),
);

/** A frame value to match: a scalar, or a list of scalars meaning "any of them". */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const autoReplySchema = z.strictObject({
  when: z.strictObject({
    path: z.string(),
    equals: z.union([scalar, z.array(scalar).min(1)], { error: () => 'must be a string, number, true/false, null, or a list of them' }),
  }),
  send: jsonOrJsonText,
});

const sendViaSchema = z.strictObject({
  url: z.string(),
  method: setupSchema.shape.method,
  headers,
});

const messagesSchema = z.strictObject({
  sendTemplate: jsonOrJsonText.default(() => ({ ...DEFAULT_SEND_TEMPLATE })),
  sendVia: sendViaSchema.optional(),
  typePath: z.string().default('type'),
  textTypes: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z
        .array(z.string(), {
          error: (issue) => (issue.code === 'invalid_type' ? 'must be a string or a list of strings' : undefined),
        })
        .min(1),
    )
    .default(() => ['message']),
  textPath: z.string().default('text'),
  directionPath: z.string().min(1).optional(),
  outboundDirection: stringList.optional(),
  // SPEC §9.3: reading replies the way real platforms send them.
  decode: stringList.default(() => []),
  itemsPath: z.string().optional(),
  orderByPath: z.string().min(1).optional(),
  inboundDirection: z.string().optional(),
  typingTypes: stringList.default(() => []),
  turnEndTypes: stringList.default(() => []),
  endTypes: stringList.default(() => []),
  errorTypes: stringList.default(() => []),
  errorPath: z.string().min(1).optional(),
  joinWith: z.string().default('\n'),
  autoReplies: z.array(autoReplySchema).default(() => []),
});

const awaitSchema = z.strictObject({
  path: z.string().min(1),
  equals: z.unknown().transform((value, ctx): JsonValue | JsonValue[] => {
    if (value === undefined || !isJsonValue(value)) ctx.addIssue({ code: 'custom', message: 'must be a JSON value or a list of them' });
    return value as JsonValue;
  }),
});

const handshakeStepSchema = z
  .strictObject({ send: jsonOrJsonText.optional(), await: awaitSchema.optional() })
  .refine((step) => step.send !== undefined || step.await !== undefined, 'needs send, await or both');

const handshakeSchema = z.strictObject({
  // "" is how a web form says "no ready message", so it means the same as absent.
  readyType: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  timeoutSeconds: positiveSeconds(30),
  steps: z.array(handshakeStepSchema).default(() => []),
});

/**
 * The agent config (SPEC §1) field by field: types, unknown keys, defaults. Rules that span fields
 * are in {@link checkAgentRules}, which runs on the raw input so that they are reported together
 * with the field errors instead of only once the fields are fixed.
 */
export const agentConfigSchema = z.strictObject({
  /** The JSON Schema the file follows, for editors (a JSON file's usual first key); Parley ignores it. */
  $schema: z.string().optional(),
  name: z.string().optional(),
  connection: connectionSchema,
  messages: messagesSchema.prefault({}),
  handshake: handshakeSchema.prefault({}),
  coalesceSeconds: nonNegativeSeconds(2),
  responseTimeoutSeconds: positiveSeconds(30),
  maxTurnSeconds: positiveSeconds(120),
});

export type ParsedAgentConfig = z.output<typeof agentConfigSchema>;

export interface RuleContext {
  /** Folder that relative file paths are resolved against. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

export interface RuleResult {
  issues: ConfigIssue[];
  /** Values of the `{{env.NAME}}` placeholders used where placeholders are allowed. */
  env: Record<string, string>;
}

type Report = (path: string, message: string) => void;
type Mode = 'direct' | 'http-first' | undefined;

/**
 * The cross-field rules of SPEC §1 and the placeholder rules. Reads the raw input defensively: a
 * field of the wrong type is skipped here, because the schema already reports it.
 */
export function checkAgentRules(raw: Record<string, unknown>, context: RuleContext): RuleResult {
  const issues: ConfigIssue[] = [];
  const report: Report = (path, message) => issues.push({ path, message });
  const connection = recordAt(raw, 'connection');
  const mode = modeOf(connection.mode);
  const env = checkPlaceholders(raw, mode, context.env, report);
  if (isRecord(raw.connection)) checkMode(connection, mode, report); // a missing connection is reported once
  checkUrls(connection, mode, env, report);
  checkHeaders(connection, report);
  checkSetup(recordAt(connection, 'setup'), report);
  checkProtocol(connection, report);
  if (connection.protocol === 'socket.io') checkSocketioFrames(raw, report);
  checkSendVia(recordAt(recordAt(raw, 'messages'), 'sendVia'), env, report);
  checkCaFile(recordAt(connection, 'tls').caFile, context.baseDir, report);
  checkMessages(recordAt(raw, 'messages'), recordAt(raw, 'handshake'), report);
  return { issues, env };
}

function modeOf(value: unknown): Mode {
  if (value === undefined) return 'direct';
  return value === 'direct' || value === 'http-first' ? value : undefined;
}

function checkMode(connection: Record<string, unknown>, mode: Mode, report: Report): void {
  if (mode === 'direct') {
    if (connection.url === undefined) report('connection.url', 'required in direct mode');
    if (connection.setup !== undefined) report('connection.setup', 'not allowed in direct mode (set mode: http-first to use it)');
  } else if (mode === 'http-first') {
    if (connection.setup === undefined) report('connection.setup', 'required in http-first mode');
    if (connection.url !== undefined) report('connection.url', 'not allowed in http-first mode (the setup response gives the URL)');
  }
}

function checkUrls(connection: Record<string, unknown>, mode: Mode, env: Record<string, string>, report: Report): void {
  const { url } = connection;
  // socket.io negotiates from an HTTP URL as well as a WebSocket one.
  if (connection.protocol === 'socket.io') {
    if (mode !== 'http-first' && typeof url === 'string' && !hasScheme(url, ['ws://', 'wss://', 'http://', 'https://'], env)) {
      report('connection.url', 'must be a ws://, wss://, http:// or https:// URL');
    }
  } else if (mode !== 'http-first' && typeof url === 'string' && !hasScheme(url, ['ws://', 'wss://'], env)) {
    report('connection.url', 'must be a ws:// or wss:// URL');
  }
  const setupUrl = recordAt(connection, 'setup').url;
  if (mode !== 'direct' && typeof setupUrl === 'string' && !hasScheme(setupUrl, ['http://', 'https://'], env)) {
    report('connection.setup.url', 'must be an http:// or https:// URL');
  }
}

/**
 * Env values are known at load time, so `{{env.WS_URL}}` is checked as the URL it stands for;
 * a URL still holding other placeholders can only have its scheme checked.
 */
function hasScheme(text: string, schemes: string[], env: Record<string, string>): boolean {
  if (usesMissingEnv(text, env)) return true; // the unset variable is reported already
  const rendered = String(renderString(text, { env }));
  if (!schemes.some((scheme) => rendered.toLowerCase().startsWith(scheme))) return false;
  return placeholdersIn(rendered).length > 0 || URL.canParse(rendered);
}

function usesMissingEnv(text: string, env: Record<string, string>): boolean {
  return placeholdersIn(text).some((name) => {
    const ref = parsePlaceholder(name);
    return ref?.kind === 'env' && env[ref.name] === undefined;
  });
}

/** RFC 9110 token characters: anything else would make the handshake throw later. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkHeaders(connection: Record<string, unknown>, report: Report): void {
  const names = checkHeaderNames(connection.headers, 'connection.headers', report);
  checkHeaderNames(recordAt(connection, 'setup').headers, 'connection.setup.headers', report);
  const protocolHeader = names.get('sec-websocket-protocol');
  if (protocolHeader !== undefined) {
    report(`connection.headers.${protocolHeader}`, 'not allowed: list the subprotocols to offer in connection.subprotocols');
  }
  const written = names.get('authorization');
  if (connection.authorization !== undefined && written !== undefined) {
    report('connection.authorization', `conflicts with connection.headers.${written} (give one or the other)`);
  }
}

/** Reports bad and repeated names; returns the lower-cased names mapped to how they were written. */
function checkHeaderNames(headers: unknown, path: string, report: Report): Map<string, string> {
  const seen = new Map<string, string>();
  if (!isRecord(headers)) return seen;
  for (const name of Object.keys(headers)) {
    const first = seen.get(name.toLowerCase());
    if (!HEADER_NAME.test(name)) report(`${path}.${name}`, 'not a valid header name');
    else if (first !== undefined) report(`${path}.${name}`, `repeats header ${first} (header names ignore case)`);
    else seen.set(name.toLowerCase(), name);
  }
  return seen;
}

function checkProtocol(connection: Record<string, unknown>, report: Report): void {
  const socketio = connection.protocol === 'socket.io';
  if (!socketio && connection.socketioPath !== undefined) report('connection.socketioPath', 'only allowed with protocol socket.io');
  if (socketio && connection.subprotocols !== undefined) {
    report('connection.subprotocols', 'not allowed with protocol socket.io (socket.io negotiates its own)');
  }
}

/** With socket.io every frame Parley sends is an event: `{event, data}`. */
function checkSocketioFrames(raw: Record<string, unknown>, report: Report): void {
  const messages = recordAt(raw, 'messages');
  const frames: [string, unknown][] = [
    ['connection.init', recordAt(raw, 'connection').init],
    ['connection.keepaliveMessage', recordAt(raw, 'connection').keepaliveMessage],
    ...(Array.isArray(recordAt(raw, 'handshake').steps)
      ? (recordAt(raw, 'handshake').steps as unknown[]).map((step, i): [string, unknown] => [`handshake.steps.${i}.send`, isRecord(step) ? step.send : undefined])
      : []),
  ];
  // sendVia sends the template over HTTP, so it is no event then.
  if (messages.sendVia === undefined) {
    if (messages.sendTemplate === undefined) report('messages.sendTemplate', 'required with protocol socket.io (e.g. { event: user_uttered, data: { message: "{{message}}" } })');
    else frames.push(['messages.sendTemplate', messages.sendTemplate]);
  }
  for (const [path, value] of frames) {
    const frame = typeof value === 'string' ? parseOrUndefined(value) : value;
    if (value !== undefined && frame !== undefined && !(isRecord(frame) && typeof frame.event === 'string')) {
      report(path, 'must be a socket.io event { event: <name>, data: <value> } with protocol socket.io');
    }
  }
}

function checkSendVia(sendVia: Record<string, unknown>, env: Record<string, string>, report: Report): void {
  const { url } = sendVia;
  if (typeof url === 'string' && !hasScheme(url, ['http://', 'https://'], env)) report('messages.sendVia.url', 'must be an http:// or https:// URL');
  checkHeaderNames(sendVia.headers, 'messages.sendVia.headers', report);
}

function checkSetup(setup: Record<string, unknown>, report: Report): void {
  const { method, body } = setup;
  if (typeof method === 'string' && method.toUpperCase() === 'GET' && body !== undefined) {
    report('connection.setup.body', 'not allowed with method GET');
  }
}

function checkCaFile(caFile: unknown, baseDir: string, report: Report): void {
  if (typeof caFile !== 'string' || caFile === '') return;
  const path = 'connection.tls.caFile';
  // The file is checked now, before anything connects, so its name must be known now.
  if (placeholdersIn(caFile).length > 0) return report(path, 'placeholders are not allowed in a file path');
  const full = resolve(baseDir, caFile);
  if (!existsSync(full)) report(path, `file not found: ${full}`);
  else if (!statSync(full).isFile()) report(path, `not a file: ${full}`);
}

function checkMessages(messages: Record<string, unknown>, handshake: Record<string, unknown>, report: Report): void {
  const { directionPath, outboundDirection, inboundDirection, typePath, sendTemplate } = messages;
  if (directionPath !== undefined && outboundDirection === undefined && inboundDirection === undefined) {
    report('messages.outboundDirection', 'required when messages.directionPath is set (or give messages.inboundDirection)');
  }
  if (outboundDirection !== undefined && directionPath === undefined) {
    report('messages.directionPath', 'required when messages.outboundDirection is set');
  }
  if (inboundDirection !== undefined && directionPath === undefined) {
    report('messages.directionPath', 'required when messages.inboundDirection is set');
  }
  if (inboundDirection !== undefined && outboundDirection !== undefined) {
    report('messages.inboundDirection', 'conflicts with messages.outboundDirection (give one or the other)');
  }
  checkTypeLists(messages, report);
  const { readyType } = handshake;
  if (typeof readyType === 'string' && readyType !== '' && typePath === '') {
    report('handshake.readyType', 'cannot be used with messages.typePath "" (the ready message is found by its type)');
  }
  const template = typeof sendTemplate === 'string' ? parseOrUndefined(sendTemplate) : sendTemplate;
  if (template !== undefined && template !== null && !placeholdersIn(template as JsonValue).includes('message')) {
    report('messages.sendTemplate', 'must contain {{message}} (where the user text goes)');
  }
}

/** The §9.3 type lists, each read at typePath: checked after `type`, before `textTypes`. */
const TYPE_LISTS = ['errorTypes', 'endTypes', 'turnEndTypes', 'typingTypes'] as const;

/**
 * The type lists need a typePath, and a type in two of them (or in one and in textTypes) would
 * silently lose to the class checked first, so it is refused.
 */
function checkTypeLists(messages: Record<string, unknown>, report: Report): void {
  const owner = new Map<string, string>();
  for (const name of [...TYPE_LISTS, 'textTypes'] as const) {
    // An absent textTypes is its default: a typing type "message" would still take its place.
    const raw = name === 'textTypes' && messages.textTypes === undefined ? ['message'] : messages[name];
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
    if (values.length > 0 && name !== 'textTypes' && messages.typePath === '') {
      report(`messages.${name}`, 'cannot be used with messages.typePath "" (frames are told apart by their type)');
    }
    for (const value of values) {
      const first = owner.get(value);
      if (first !== undefined && first !== name) report(`messages.${name}`, `"${value}" is also in messages.${first}; a type may be in one list only`);
      else owner.set(value, name);
    }
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // the schema reports the syntax error
  }
}

/** Where a string sits decides which placeholders it may use. */
type Region = 'connection' | 'setup' | 'sendTemplate' | 'sendVia' | 'elsewhere';

function regionOf(path: readonly (string | number)[]): Region {
  if (path[0] === 'connection') return path[1] === 'setup' ? 'setup' : 'connection';
  // What a handshake step sends is connection data like init.
  if (path[0] === 'handshake' && path[1] === 'steps' && path[3] === 'send') return 'connection';
  if (path[0] !== 'messages') return 'elsewhere';
  // Rendered once per conversation, like connection (our own echo carries `{{simulation.id}}`).
  if (path[1] === 'inboundDirection' || (path[1] === 'autoReplies' && path[3] === 'send')) return 'connection';
  return path[1] === 'sendTemplate' || path[1] === 'sendVia' ? path[1] : 'elsewhere';
}

/** Checks every placeholder in the file and reads the env variables they name. */
function checkPlaceholders(raw: unknown, mode: Mode, env: NodeJS.ProcessEnv, report: Report): Record<string, string> {
  const used: Record<string, string> = {};
  eachString(raw, [], (text, path) => {
    const names = placeholdersIn(text);
    if (names.length === 0) return;
    const region = regionOf(path);
    const where = path.join('.');
    if (region === 'elsewhere') {
      return report(where, 'placeholders are only allowed in connection, handshake.steps.*.send, messages.sendTemplate, messages.sendVia, messages.inboundDirection and messages.autoReplies.*.send');
    }
    for (const name of names) {
      const problem = placeholderProblem(name, region, mode, env, used);
      if (problem) report(where, problem);
    }
  });
  return used;
}

function placeholderProblem(
  name: string,
  region: Region,
  mode: Mode,
  env: NodeJS.ProcessEnv,
  used: Record<string, string>,
): string | undefined {
  const ref = parsePlaceholder(name);
  if (ref === null) return `unknown placeholder {{${name}}}`;
  if (ref.kind === 'message' && region !== 'sendTemplate') return '{{message}} is only allowed in messages.sendTemplate';
  if ((ref.kind === 'message.seq' || ref.kind === 'message.id') && region !== 'sendTemplate' && region !== 'sendVia') {
    return `{{${name}}} is only allowed in messages.sendTemplate and messages.sendVia`;
  }
  if (ref.kind === 'setup' && region === 'setup') {
    return `{{${name}}} cannot be used in connection.setup (the setup response does not exist yet)`;
  }
  if (ref.kind === 'setup' && mode === 'direct') return `{{${name}}} needs mode http-first (there is no setup response)`;
  if (ref.kind === 'env') {
    const value = env[ref.name];
    if (value === undefined) return `environment variable ${ref.name} is not set`;
    used[ref.name] = value;
  }
  return undefined;
}

/** Visits every string value (never keys) with its path; skips cycles a library caller might pass. */
function eachString(
  value: unknown,
  path: (string | number)[],
  visit: (text: string, path: (string | number)[]) => void,
  ancestors = new Set<object>(),
): void {
  if (typeof value === 'string') return visit(value, path);
  if (value === null || typeof value !== 'object' || ancestors.has(value)) return;
  ancestors.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) eachString(item, [...path, key], visit, ancestors);
  ancestors.delete(value);
}

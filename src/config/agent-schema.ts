import { z } from 'zod';
import { isJsonValue, type JsonValue } from '../json.js';
import { describeJsonError } from './issues.js';

/** setTimeout holds at most 2^31-1 ms; a longer delay would fire at once rather than late. */
export const MAX_SECONDS = 2_147_483;

export const SETUP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The send template used when `messages.sendTemplate` is absent. */
export const DEFAULT_SEND_TEMPLATE = { type: 'message', text: '{{message}}' } as const;

const positiveSeconds = (fallback: number) => z.number().gt(0).max(MAX_SECONDS).default(fallback);
const nonNegativeSeconds = (fallback: number) => z.number().min(0).max(MAX_SECONDS).default(fallback);

/** RFC 9110 token characters (header names, subprotocols): anything else would make the handshake throw later. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const headerValue = z.string().refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks');
const headers = z.record(z.string(), headerValue).default({});

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
  subprotocols: z.array(z.string().regex(HTTP_TOKEN, 'not a valid subprotocol name')).optional(),
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

/** A list of at least `min` strings; a single string means a one-item list. */
const stringList = (min = 0) => {
  const list = z.array(z.string(), {
    error: (issue) => (issue.code === 'invalid_type' ? 'must be a string or a list of strings' : undefined),
  });
  return z.preprocess((value) => (typeof value === 'string' ? [value] : value), min > 0 ? list.min(min) : list);
};

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
  textTypes: stringList(1).default(() => ['message']),
  textPath: z.string().default('text'),
  directionPath: z.string().min(1).optional(),
  outboundDirection: stringList().optional(),
  // SPEC §9.3: reading replies the way real platforms send them.
  decode: stringList().default(() => []),
  itemsPath: z.string().optional(),
  orderByPath: z.string().min(1).optional(),
  inboundDirection: z.string().optional(),
  typingTypes: stringList().default(() => []),
  turnEndTypes: stringList().default(() => []),
  endTypes: stringList().default(() => []),
  errorTypes: stringList().default(() => []),
  errorPath: z.string().min(1).optional(),
  joinWith: z.string().default('\n'),
  autoReplies: z.array(autoReplySchema).default(() => []),
  // SPEC §16: buttons, cards and clicks.
  choicesPath: stringList().default(() => []),
  choiceTitlePath: z.string().default('title'),
  choicePayloadPath: z.string().default('payload'),
  attachmentsPath: z.string().min(1).optional(),
  clickTemplate: jsonOrJsonText.optional(),
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
 * are in `checkAgentRules` (agent-rules.ts), which runs on the raw input so that they are reported together
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

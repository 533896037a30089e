import { z } from 'zod';
import { isJsonValue, type JsonValue } from '../json.js';
import { compileMatcher } from './test-set-schema.js';
import type { Condition, ConditionSet } from './types.js';
import { describeJsonError } from './issues.js';
import { FRAMING_NAMES, framingLayers } from '../transport/framing/names.js';

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

const framingName = z.enum(FRAMING_NAMES);

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
  // README "Frame formats". How the layers may stack is a rule of agent-rules.ts.
  framing: z
    .union([framingName, z.array(framingName).min(1)], { error: () => `must be one of ${FRAMING_NAMES.join(', ')}, or a list of them` })
    .transform(framingLayers)
    .default(() => ['json' as const]),
  binaryFrames: z.enum(['drop', 'text']).default('drop'),
  codec: z.string().min(1).optional(),
});

/** A list of at least `min` strings; a single string means a one-item list. */
const stringList = (min = 0) => {
  const list = z.array(z.string(), {
    error: (issue) => (issue.code === 'invalid_type' ? 'must be a string or a list of strings' : undefined),
  });
  return z.preprocess((value) => (typeof value === 'string' ? [value] : value), min > 0 ? list.min(min) : list);
};

const OPERATORS = ['equals', 'exists', 'matches'] as const;

/** One condition (README "Config reference"): a path and exactly one operator. */
const conditionSchema = z
  .strictObject({
    path: z.string(),
    equals: z.unknown().optional(),
    exists: z.boolean().optional(),
    matches: z
      .string()
      .min(1)
      .superRefine((pattern, ctx) => {
        try {
          compileMatcher(pattern);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `invalid regular expression (${error instanceof Error ? error.message : String(error)})` });
        }
      })
      .optional(),
  })
  .superRefine((condition, ctx) => {
    const given = OPERATORS.filter((name) => condition[name] !== undefined || (name === 'equals' && 'equals' in condition));
    if (given.length === 0) ctx.addIssue({ code: 'custom', message: `condition on "${condition.path}" needs equals, exists or matches` });
    else if (given.length > 1) ctx.addIssue({ code: 'custom', message: `condition on "${condition.path}" takes one of ${given.join(', ')}, not several` });
    if ('equals' in condition && !isJsonValue(condition.equals ?? null)) {
      ctx.addIssue({ code: 'custom', path: ['equals'], message: 'must be a JSON value or a list of them' });
    }
  });

/**
 * A condition, or a list of conditions that must all hold. Checked by hand rather than as a zod
 * union, so an error names the condition's own path instead of "matches no option".
 */
const conditionSet = z.unknown().transform((value, ctx): ConditionSet => {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) ctx.addIssue({ code: 'custom', message: 'must hold at least one condition' });
  items.forEach((item, index) => {
    const parsed = conditionSchema.safeParse(item);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const path = Array.isArray(value) ? [index, ...issue.path] : issue.path;
      ctx.addIssue({ code: 'custom', message: issue.message, path: path as (string | number)[] });
    }
  });
  return value as Condition | Condition[];
}).meta({
  description: 'A condition {path, equals | exists | matches}, or a list of conditions that must all hold (README "Config reference")',
});

/** A `*When` list: any of its entries (each a condition or an all-of list). */
const whenList = z.array(conditionSet).default(() => []);

const autoReplySchema = z.strictObject({
  when: conditionSet,
  send: jsonOrJsonText,
});

const sendViaSchema = z.strictObject({
  url: z.string(),
  method: setupSchema.shape.method,
  headers,
});

const messagesSchema = z.strictObject({
  sendTemplate: jsonOrJsonText.default(() => ({ ...DEFAULT_SEND_TEMPLATE })),
  sendFrames: z.array(jsonOrJsonText).min(1).optional(),
  sendVia: sendViaSchema.optional(),
  typePath: z.string().default('type'),
  textTypes: stringList(1).default(() => ['message']),
  textPath: z.string().default('text'),
  directionPath: z.string().min(1).optional(),
  outboundDirection: stringList().optional(),
  // README "How replies are read": reading replies the way real platforms send them.
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
  errorWhen: whenList,
  endWhen: whenList,
  turnEndWhen: whenList,
  typingWhen: whenList,
  // README "Buttons, cards and clicks": buttons, cards and clicks.
  choicesPath: stringList().default(() => []),
  choiceTitlePath: z.string().default('title'),
  choicePayloadPath: z.string().default('payload'),
  attachmentsPath: z.string().min(1).optional(),
  clickTemplate: jsonOrJsonText.optional(),
});

const httpStepSchema = z.strictObject({
  url: z.string(),
  method: setupSchema.shape.method,
  headers,
  body: jsonOrJsonText.optional(),
});

const handshakeStepSchema = z
  .strictObject({
    send: jsonOrJsonText.optional(),
    await: conditionSet.optional(),
    http: httpStepSchema.optional(),
    capture: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a valid capture name'), z.string()).optional(),
  })
  .superRefine((step, ctx) => {
    if (step.http !== undefined && (step.send !== undefined || step.await !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['http'], message: 'an http step takes no send or await (give them a step of their own)' });
    } else if (step.send === undefined && step.await === undefined && step.http === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs send, await or both, or http' });
    }
    if (step.capture !== undefined && step.await === undefined && step.http === undefined) {
      ctx.addIssue({ code: 'custom', path: ['capture'], message: 'needs await or http (a capture reads the awaited frame or the response)' });
    }
  });

const handshakeSchema = z.strictObject({
  // "" is how a web form says "no ready message", so it means the same as absent.
  readyType: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  readyWhen: whenList,
  timeoutSeconds: positiveSeconds(30),
  steps: z.array(handshakeStepSchema).default(() => []),
});

/**
 * The agent config (README "Config reference") field by field: types, unknown keys, defaults. Rules that span fields
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

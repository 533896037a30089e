import { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { isRecord, lowerFirst } from './issues.js';
import { describeThrown } from '../errors.js';

/** `/pattern/flags`; the flag letters JavaScript knows, so `/usr/bin` stays a plain pattern. */
const SLASHED = /^\/(.*)\/([dgimsuyv]*)$/s;

/**
 * Compiles an `expect.matches` pattern: plain (`\d+`, no flags) or `/pattern/flags`. `g` is dropped
 * because it only makes `test()` remember where it stopped; `y` is refused because dropping it
 * would change what matches.
 * @throws SyntaxError when the pattern or its flags are invalid.
 */
export function compileMatcher(pattern: string): RegExp {
  const slashed = SLASHED.exec(pattern);
  if (!slashed) return new RegExp(pattern);
  const [, source = '', flags = ''] = slashed;
  if (flags.includes('y')) throw new SyntaxError('flag y is not supported');
  const regex = new RegExp(source, flags); // rejects repeated flags before `g` is dropped
  return flags.includes('g') ? new RegExp(regex.source, regex.flags.replace('g', '')) : regex;
}

/** V8's message without the pattern it repeats: `Unterminated group`. */
function regexProblem(error: unknown): string {
  const message = describeThrown(error);
  return lowerFirst(message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, ''));
}

const text = z.string().min(1);

/** Control characters a pattern never means to hold: what `"\b"` becomes in a double-quoted YAML string. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_NAMES: Record<string, string> = { '\b': 'a backspace (\\b)', '\f': 'a form feed (\\f)', '\v': 'a vertical tab (\\v)' };

const pattern = text.superRefine((value, ctx) => {
  const control = CONTROL.exec(value)?.[0];
  if (control !== undefined) {
    const name = CONTROL_NAMES[control] ?? `the control character U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    ctx.addIssue({
      code: 'custom',
      message: `contains ${name}: in a double-quoted YAML string a backslash is an escape; write the pattern in single quotes, which keep backslashes (e.g. '\\b9 ?am\\b')`,
    });
    return;
  }
  try {
    compileMatcher(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression (${regexProblem(error)})` });
  }
});

const jsonValue = z.json();

/** `frame`: some accepted frame of the reply has `equals` at `path`, or (`exists: true`) any value. */
const frameExpectationSchema = z
  .strictObject({ path: text, equals: jsonValue.optional(), exists: z.literal(true).optional() })
  .refine((frame) => (frame.equals === undefined) !== (frame.exists === undefined), {
    message: 'needs exactly one of equals or exists: true',
  });

/** Whether a pattern is written `/pattern/flags` (else it is a plain pattern, or a plain title). */
export const isSlashed = (pattern: string): boolean => SLASHED.test(pattern);

/** README "Buttons, cards and clicks": a choice's title, exactly (any characters), or a `/regex/` over the titles. */
const choiceTitle = text.superRefine((value, ctx) => {
  if (!isSlashed(value)) return;
  try {
    compileMatcher(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression (${regexProblem(error)})` });
  }
});
const choiceTitles = z.array(choiceTitle).min(1);

const attachmentExpectationSchema = z
  .strictObject({ path: z.string(), equals: jsonValue.optional(), exists: z.literal(true).optional() })
  .refine((attachment) => (attachment.equals === undefined) !== (attachment.exists === undefined), {
    message: 'needs exactly one of equals or exists: true',
  });

const expectationSchema = z.strictObject({
  contains: text.optional(),
  matches: pattern.optional(),
  notContains: text.optional(),
  // README "Captures and more expectations"
  equals: z.string().optional(),
  notMatches: pattern.optional(),
  maxLatencyMs: z.number().positive().optional(),
  frame: frameExpectationSchema.optional(),
  // README "Buttons, cards and clicks"
  choices: choiceTitles.optional(),
  choicesExactly: z.array(text).optional(),
  attachments: z.strictObject({ count: z.number().int().min(0) }).optional(),
  attachment: attachmentExpectationSchema.optional(),
});

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A capture: a regex over the reply text, or `{ path }` into the reply's accepted frames. */
const captureSchema = z.union([pattern, z.strictObject({ path: text })], {
  error: () => 'must be a regular expression or { path }',
});

const capturesSchema = z
  .record(z.string().regex(VAR_NAME, { error: 'capture names are letters, digits and _' }), captureSchema)
  .optional();

const turnSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { user: value } : value),
  z
    .strictObject(
      // README "Buttons, cards and clicks": `click` (a choice's title or /regex/) instead of `user`.
      { user: text.optional(), click: choiceTitle.optional(), expect: expectationSchema.optional(), capture: capturesSchema },
      { error: (issue) => (issue.code === 'invalid_type' ? 'must be the user text or an object with user or click' : undefined) },
    )
    .superRefine((turn, ctx) => {
      if (turn.user === undefined && turn.click === undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: 'required (or click)' });
      if (turn.user !== undefined && turn.click !== undefined) ctx.addIssue({ code: 'custom', path: ['click'], message: 'cannot be used together with user' });
    }),
);

const wholeFromOne = z.number().int().min(1);

/** README "Simulated users and judges": a model plays the user instead of a script. */
const simulateSchema = z.strictObject({
  persona: text,
  goal: text,
  firstMessage: text.optional(),
  maxTurns: wholeFromOne.default(10),
  minTurns: wholeFromOne.default(1),
});

const judgeSchema = z.strictObject({ criteria: z.array(text).min(1) });

const caseSchema = z.strictObject({
  id: text,
  agentFirst: z.boolean().default(false),
  turns: z.array(turnSchema).default(() => []),
  simulate: simulateSchema.optional(),
  judge: judgeSchema.optional(),
});

/** README "Simulated users and judges": the model for `simulate` and `judge`. Placeholders are resolved at load time. */
const llmSchema = z.strictObject({
  baseUrl: text,
  model: text,
  apiKey: z.string().optional(),
  temperature: z.number().min(0).max(2).default(0.7),
  seed: z.number().int().optional(),
  timeoutSeconds: z.number().positive().default(60),
});

/**
 * A test set (README "Test sets") field by field. Rules across cases are in {@link checkTestSetRules}, run on
 * the raw input so they are reported together with the field errors.
 */
export const testSetSchema = z.strictObject({
  /** The JSON Schema the file follows, for editors (a JSON file's usual first key); Parley ignores it. */
  $schema: z.string().optional(),
  name: z.string().optional(),
  llm: llmSchema.optional(),
  cases: z.array(caseSchema).min(1),
});

/** Duplicate case ids, and cases with nothing to do. */
export function checkTestSetRules(raw: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!Array.isArray(raw.cases)) return issues;
  const firstUse = new Map<string, number>();
  raw.cases.forEach((item: unknown, index) => {
    if (!isRecord(item)) return;
    const { id, turns, agentFirst, simulate } = item;
    if (typeof id === 'string' && id !== '') {
      const first = firstUse.get(id);
      if (first === undefined) firstUse.set(id, index);
      else issues.push({ path: `cases.${index}.id`, message: `duplicate id "${id}" (also used by cases.${first})` });
    }
    const noTurns = turns === undefined || (Array.isArray(turns) && turns.length === 0);
    issues.push(...checkModelCase(raw, item, index, noTurns));
    if (simulate !== undefined) return;
    if (noTurns && (agentFirst === undefined || agentFirst === false)) {
      issues.push({ path: `cases.${index}.turns`, message: 'must have at least one turn unless agentFirst is true' });
    }
    const first = Array.isArray(turns) ? (turns[0] as unknown) : undefined;
    if (isRecord(first) && first.click !== undefined && agentFirst !== true) {
      issues.push({ path: `cases.${index}.turns.0.click`, message: 'a first turn can only click with agentFirst: true (there is no agent turn to click on)' });
    }
  });
  return issues;
}

/** README "Simulated users and judges": `simulate` replaces `turns`; `simulate` and `judge` need the `llm` block. */
function checkModelCase(raw: Record<string, unknown>, item: Record<string, unknown>, index: number, noTurns: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { simulate, judge } = item;
  if (simulate !== undefined && !noTurns) {
    issues.push({ path: `cases.${index}.simulate`, message: 'cannot be used together with turns (a simulated user writes its own)' });
  }
  if (isRecord(simulate)) {
    const { minTurns, maxTurns } = simulate;
    if (typeof minTurns === 'number' && minTurns > (typeof maxTurns === 'number' ? maxTurns : 10)) {
      issues.push({ path: `cases.${index}.simulate.minTurns`, message: 'must not be more than maxTurns' });
    }
  }
  for (const [key, value] of [['simulate', simulate], ['judge', judge]] as const) {
    if (value !== undefined && raw.llm === undefined) {
      issues.push({ path: `cases.${index}.${key}`, message: 'needs the llm block (baseUrl, model) at the top of the test set' });
    }
  }
  return issues;
}

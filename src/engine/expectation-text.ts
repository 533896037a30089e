import { expectationFailed } from '../../machines/errors.js';
import type { ErrorInfo, ExpectationResult } from '../../machines/types.js';

/** How long the `got` of a failed expectation may be: enough to recognise the reply, one line (README "Reports and CI"). */
export const GOT_LENGTH = 120;

/** What came, cut to {@link GOT_LENGTH} characters (the cut marked with `…`); a value as its JSON. */
export function quoteGot(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length <= GOT_LENGTH ? text : `${text.slice(0, GOT_LENGTH - 1)}…`;
}

const asRegex = (pattern: string) => (pattern.startsWith('/') ? pattern : `/${pattern}/`);

/** What an expectation asked for, worded as the expectation (README "Reports and CI": `contains "refund"`). */
function expected(result: Pick<ExpectationResult, 'kind' | 'value' | 'path' | 'name'>): string {
  // Every kind is worded; the default keeps a kind added later readable.
  const value = String(result.value);
  switch (result.kind) {
    case 'contains':
      return `contains ${JSON.stringify(value)}`;
    case 'notContains':
      return `does not contain ${JSON.stringify(value)}`;
    case 'matches':
      return `matches ${asRegex(value)}`;
    case 'notMatches':
      return `does not match ${asRegex(value)}`;
    case 'equals':
      return `equals ${JSON.stringify(value)}`;
    case 'maxLatencyMs':
      return `starts within ${value} ms`;
    case 'frame':
      return result.value === true ? `has a frame with a value at ${result.path}` : `has a frame with ${JSON.stringify(result.value)} at ${result.path}`;
    case 'capture':
      return `captures ${result.name} with ${value}`;
    case 'choices':
      return `offers the choices ${titles(result.value)}`;
    case 'choicesExactly':
      return `offers exactly the choices ${titles(result.value)}`;
    case 'attachments':
      return `has ${value} attachment${value === '1' ? '' : 's'}`;
    case 'attachment':
      return result.value === true ? `has an attachment with a value at ${result.path}` : `has an attachment with ${JSON.stringify(result.value)} at ${result.path}`;
    default:
      return `${String(result.kind)} ${JSON.stringify(result.value)}`;
  }
}

/** `[Refund | Store credit]`; `[]` for none. */
const titles = (value: unknown) => `[${Array.isArray(value) ? value.join(' | ') : String(value)}]`;

const TEXT_KINDS: ReadonlySet<string> = new Set(['contains', 'notContains', 'matches', 'notMatches', 'equals']);

/** Whether `got` is the reply's text (quoted in the line) rather than a latency or a frame lookup. */
const gotIsText = (result: Pick<ExpectationResult, 'kind' | 'value'>) =>
  TEXT_KINDS.has(result.kind) || (result.kind === 'capture' && !String(result.value).startsWith('path '));

/**
 * What came is quoted when it is the reply's text; a latency or a frame lookup is said as it is
 * (`got 2203 ms`, `got "1234"` for a frame's JSON value, `got no frame with order (1 accepted)`).
 */
function shownGot(result: Pick<ExpectationResult, 'kind' | 'value' | 'got'>): string {
  if (result.got === undefined) return '';
  return ` — got ${gotIsText(result) ? JSON.stringify(result.got) : result.got}`;
}

/**
 * The failure line of an expectation: `Expectation failed: the reply to turn 2 contains "refund"
 * — got "We open at 9 am."` (README "Reports and CI").
 */
export function describeExpectation(result: Pick<ExpectationResult, 'turn' | 'kind' | 'value' | 'got' | 'path' | 'name'>): string {
  return expectationFailed([`the reply to turn ${result.turn} ${expected(result)}${shownGot(result)}`]).message;
}

/** A failed expectation that uses a value never captured: nothing was checked, and the line says why. */
export function missingValue(result: ExpectationResult, name: string): ExpectationResult {
  return { ...result, ok: false, message: `${describeExpectation(result)} — but {{vars.${name}}} was never captured` };
}

/** A failed expectation with its failure line (`message`), so reports never have to rebuild it. */
export function withMessage(result: ExpectationResult): ExpectationResult {
  return result.ok ? result : { ...result, message: describeExpectation(result) };
}

/**
 * The error of a reply's expectations: the first failure (README "Test sets": `error` is the first thing that
 * went wrong); every failure is in `expectations`, each with its own `message`.
 */
export function expectationFailure(results: readonly ExpectationResult[]): ErrorInfo | null {
  const failed = results.find((result) => !result.ok);
  return failed ? { code: 'expectation-failed', message: failed.message ?? describeExpectation(failed) } : null;
}

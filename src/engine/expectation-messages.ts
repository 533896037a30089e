import { expectationFailed } from '../../machines/errors.js';
import type { ErrorInfo, ExpectationResult } from '../../machines/types.js';

/** How much of what came a failure line quotes (SPEC §11: about 120 characters). */
const GOT_LENGTH = 120;

/** A reply's text (or any value) quoted for a failure line, cut to about 120 characters. */
export function quoteGot(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const cut = text.length > GOT_LENGTH ? `${text.slice(0, GOT_LENGTH - 1)}…` : text;
  return JSON.stringify(cut);
}

const asRegex = (pattern: string) => (pattern.startsWith('/') ? pattern : `/${pattern}/`);

/** What an expectation asked for, worded as the expectation (SPEC §11: `contains "refund"`). */
function expected(result: ExpectationResult): string {
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
      return result.value === true
        ? `has a frame with a value at ${result.path}`
        : `has a frame with ${JSON.stringify(result.value)} at ${result.path}`;
    case 'capture':
      return `captures ${result.name} with ${value}`;
  }
}

/** One failure line: `the reply to turn 2 contains "refund" — got "We open at 9 am."`. */
export function describeExpectation(result: ExpectationResult): string {
  const got = result.got === undefined ? '' : ` — got ${result.got}`;
  return `the reply to turn ${result.turn} ${expected(result)}${got}`;
}

/** `expectation-failed` naming every failure of one reply, or null when all held. */
export function expectationFailure(results: ExpectationResult[]): ErrorInfo | null {
  const failed = results.filter((result) => !result.ok);
  if (failed.length === 0) return null;
  return expectationFailed(failed.map(describeExpectation));
}

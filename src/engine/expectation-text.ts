import type { ExpectationResult } from '../../machines/types.js';

/** How long the `got` of a failed expectation may be: enough to recognise the reply, one line. */
export const GOT_LENGTH = 120;

/** What came, cut to {@link GOT_LENGTH} characters (the cut marked with `…`). */
export function quoteGot(text: string): string {
  return text.length <= GOT_LENGTH ? text : `${text.slice(0, GOT_LENGTH - 1)}…`;
}

/** What each kind asks of the reply, worded as the expectation (`contains "9"`). */
const PHRASES: Record<string, string> = {
  contains: 'contains',
  notContains: 'does not contain',
  matches: 'matches',
  notMatches: 'does not match',
  equals: 'equals',
  maxLatencyMs: 'starts within (ms)',
};

/**
 * The failure line of an expectation: `Expectation failed: the reply to turn 2 contains "refund"
 * — got "We open at 9 am."` (SPEC §11). Any kind reads sensibly: an unknown one is named as it is.
 */
export function describeExpectation(result: Pick<ExpectationResult, 'turn' | 'kind' | 'value' | 'got'>): string {
  const phrase = PHRASES[result.kind] ?? result.kind;
  const got = result.got === undefined ? '' : ` — got ${JSON.stringify(result.got)}`;
  return `Expectation failed: the reply to turn ${result.turn} ${phrase} ${JSON.stringify(result.value)}${got}`;
}

import type { ExpectationResult } from '../../machines/types.js';
import { compileMatcher } from '../config/load.js';
import type { TestCase } from '../config/types.js';
import { describeExpectation, quoteGot } from './expectation-text.js';

type Check = Omit<ExpectationResult, 'turn' | 'got' | 'message'>;

/**
 * Builds a case's checker once: regular expressions compiled up front, each reply then checked
 * in the order contains, matches, notContains. Every failed expectation carries what came
 * (`got`) and its failure line (`message`), so reports never have to dig the reply out.
 */
export function createChecker(testCase: TestCase): (turn: number, reply: string) => ExpectationResult[] {
  const checks = testCase.turns.map((turn) => {
    const expect = turn.expect ?? {};
    const matcher = expect.matches === undefined ? undefined : compileMatcher(expect.matches);
    return (reply: string): Check[] => {
      const lower = reply.toLowerCase();
      const results: Check[] = [];
      if (expect.contains !== undefined) {
        results.push({ kind: 'contains', value: expect.contains, ok: lower.includes(expect.contains.toLowerCase()) });
      }
      if (matcher && expect.matches !== undefined) {
        matcher.lastIndex = 0;
        results.push({ kind: 'matches', value: expect.matches, ok: matcher.test(reply) });
      }
      if (expect.notContains !== undefined) {
        results.push({ kind: 'notContains', value: expect.notContains, ok: !lower.includes(expect.notContains.toLowerCase()) });
      }
      return results;
    };
  });
  return (turn, reply) => (checks[turn - 1]?.(reply) ?? []).map((check) => withTurn(check, turn, reply));
}

function withTurn(check: Check, turn: number, reply: string): ExpectationResult {
  const result: ExpectationResult = { turn, ...check };
  if (check.ok) return result;
  const got = quoteGot(reply);
  return { ...result, got, message: describeExpectation({ ...result, got }) };
}

import type { ExpectationResult } from '../../machines/types.js';
import { compileMatcher } from '../config/load.js';
import type { TestCase } from '../config/types.js';

/**
 * Builds a case's checker once: regular expressions compiled up front, each reply then checked
 * in the order contains, matches, notContains.
 */
export function createChecker(testCase: TestCase): (turn: number, reply: string) => ExpectationResult[] {
  const checks = testCase.turns.map((turn) => {
    const expect = turn.expect ?? {};
    const matcher = expect.matches === undefined ? undefined : compileMatcher(expect.matches);
    return (turnNo: number, reply: string): ExpectationResult[] => {
      const lower = reply.toLowerCase();
      const results: ExpectationResult[] = [];
      if (expect.contains !== undefined) {
        results.push({ turn: turnNo, kind: 'contains', value: expect.contains, ok: lower.includes(expect.contains.toLowerCase()) });
      }
      if (matcher && expect.matches !== undefined) {
        matcher.lastIndex = 0;
        results.push({ turn: turnNo, kind: 'matches', value: expect.matches, ok: matcher.test(reply) });
      }
      if (expect.notContains !== undefined) {
        results.push({ turn: turnNo, kind: 'notContains', value: expect.notContains, ok: !lower.includes(expect.notContains.toLowerCase()) });
      }
      return results;
    };
  });
  return (turn, reply) => checks[turn - 1]?.(turn, reply) ?? [];
}

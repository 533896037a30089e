import { describe, expect, it } from 'vitest';
import { parseTestSet } from '../../src/config/load.js';
import type { AgentTurn } from '../../machines/types.js';
import { createChecker } from '../../src/engine/expectations.js';

/** A reply as the conversation delivers it. */
function replyOf(text: string, extra: Partial<AgentTurn> = {}): AgentTurn {
  return { role: 'agent', text, messages: [text], at: 0, replyTo: 1, timedOut: false, truncated: false, deliveredAt: 0, ...extra };
}

/**
 * A checker for one case, built from a test set as a user writes it, checking reply texts with no
 * captured values; what came (`got`) is left out here and checked in its own tests.
 */
function checkerFor(turns: unknown[]) {
  const check = createChecker(parseTestSet({ cases: [{ id: 'c', turns }] }).cases[0]!);
  return (turn: number, text: string) => check(turn, replyOf(text), {}).expectations.map(({ got: _got, message: _message, ...rest }) => rest);
}

const one = (expect: Record<string, string>) => checkerFor([{ user: 'hi', expect }]);

describe('createChecker (README "Test sets" expectations)', () => {
  it.each([
    ['contains ignores case', { contains: 'OPEN AT 9' }, 'We open at 9 am.', true],
    ['contains, missing', { contains: 'closed' }, 'We open at 9 am.', false],
    ['contains ignores case beyond ASCII', { contains: 'ÉTÉ' }, "l'été", true],
    ['matches plain is case-sensitive', { matches: '9 AM' }, 'We open at 9 am.', false],
    ['matches plain', { matches: '\\b9 ?am\\b' }, 'We open at 9am.', true],
    ['matches /x/i', { matches: '/9 AM/i' }, 'We open at 9 am.', true],
    ['matches /x/ without i', { matches: '/9 AM/' }, 'We open at 9 am.', false],
    ['matches /x/s', { matches: '/open.at/s' }, 'open\nat', true],
    ['matches a slash path as a plain pattern', { matches: '/usr/bin' }, 'see /usr/bin here', true],
    ['notContains ignores case', { notContains: 'sorry' }, 'SORRY!', false],
    ['notContains holds', { notContains: 'sorry' }, 'Happy to help', true],
  ])('%s', (_name, expectation, reply, ok) => {
    const [kind, value] = Object.entries(expectation)[0]!;
    expect(one(expectation)(1, reply)).toEqual([{ turn: 1, kind, value, ok }]);
  });

  it('gives the same answer every time with a /g pattern (no lastIndex carried over)', () => {
    const check = one({ matches: '/open/g' });
    expect([check(1, 'open'), check(1, 'open'), check(1, 'open')].map((r) => r[0]?.ok)).toEqual([true, true, true]);
  });

  it('checks contains, matches, notContains in that order, with the value as written', () => {
    expect(one({ notContains: 'no', matches: '^y', contains: 'YES' })(1, 'yes')).toEqual([
      { turn: 1, kind: 'contains', value: 'YES', ok: true },
      { turn: 1, kind: 'matches', value: '^y', ok: true },
      { turn: 1, kind: 'notContains', value: 'no', ok: true },
    ]);
  });

  it('checks each user turn (counted from 1) against its own expectations only', () => {
    const check = checkerFor(['first', { user: 'second', expect: { contains: 'b' } }, { user: 'third', expect: { notContains: 'c' } }]);
    expect(check(1, 'anything')).toEqual([]);
    expect(check(2, 'abc')).toEqual([{ turn: 2, kind: 'contains', value: 'b', ok: true }]);
    expect(check(3, 'abc')).toEqual([{ turn: 3, kind: 'notContains', value: 'c', ok: false }]);
    expect(check(4, 'abc')).toEqual([]);
  });

  it('treats the reply text literally for contains (no pattern characters)', () => {
    expect(one({ contains: '9.00 (am)' })(1, 'from 9.00 (AM)')[0]?.ok).toBe(true);
    expect(one({ contains: '.*' })(1, 'anything')[0]?.ok).toBe(false);
  });

  it('checks a multi-message reply as its joined text', () => {
    expect(one({ matches: '^Hi!\\nHow' })(1, 'Hi!\nHow can I help?')[0]?.ok).toBe(true);
  });
});

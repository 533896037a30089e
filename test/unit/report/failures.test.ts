import { describe, expect, it } from 'vitest';
import { parseTestSet } from '../../../src/config/load.js';
import { createChecker } from '../../../src/engine/expectations.js';
import { describeExpectation } from '../../../src/engine/expectation-text.js';
import { failureDetails } from '../../../src/report/failures.js';
import { formatHumanSummary } from '../../../src/report/human-summary.js';
import { createProgress } from '../../../src/report/progress.js';
import { SummaryBuilder } from '../../../src/engine/summary.js';
import { conversation, makeResult } from '../../helpers/results.js';

const checker = (expect: Record<string, string>) => createChecker(parseTestSet({ cases: [{ id: 'c', turns: [{ user: 'hi', expect }] }] }).cases[0]!);

describe('failed expectations say what came (SPEC §11)', () => {
  it('the checker reports every failed expectation of a turn, each with the reply it got and its line', () => {
    const results = checker({ contains: 'refund', matches: 'closed', notContains: '9' })(1, 'We open at 9 am.');
    expect(results).toEqual([
      { turn: 1, kind: 'contains', value: 'refund', ok: false, got: 'We open at 9 am.', message: 'Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."' },
      { turn: 1, kind: 'matches', value: 'closed', ok: false, got: 'We open at 9 am.', message: 'Expectation failed: the reply to turn 1 matches "closed" — got "We open at 9 am."' },
      { turn: 1, kind: 'notContains', value: '9', ok: false, got: 'We open at 9 am.', message: 'Expectation failed: the reply to turn 1 does not contain "9" — got "We open at 9 am."' },
    ]);
  });

  it('cuts what came to about 120 characters, the cut marked', () => {
    const [result] = checker({ contains: 'refund' })(1, 'x'.repeat(500));
    expect(result!.got).toHaveLength(120);
    expect(result!.got!.endsWith('…')).toBe(true);
  });

  it('an expectation that held carries no got and no message', () => {
    expect(checker({ contains: 'open' })(1, 'We open at 9 am.')).toEqual([{ turn: 1, kind: 'contains', value: 'open', ok: true }]);
  });

  it('reads any expectation kind, a future one included, from its record', () => {
    expect(describeExpectation({ turn: 3, kind: 'equals' as never, value: 'Yes', got: 'No' })).toBe('Expectation failed: the reply to turn 3 equals "Yes" — got "No"');
    expect(describeExpectation({ turn: 1, kind: 'somethingNew' as never, value: 'x' })).toBe('Expectation failed: the reply to turn 1 somethingNew "x"');
    const custom = makeResult({ expectations: [{ turn: 1, kind: 'frame' as never, value: 'q', ok: false, message: 'Expectation failed: a frame of the reply to turn 1 has quick_replies.0.title "Yes" — got none' }] });
    expect(failureDetails(custom).map((detail) => detail.message)).toEqual(['Expectation failed: a frame of the reply to turn 1 has quick_replies.0.title "Yes" — got none']);
  });

  it('a result written before `got` existed still shows the reply, read from its transcript', () => {
    const old = makeResult({
      verdict: 'failed',
      transcript: conversation([['hello', 'Hi!'], ['When?', 'At 9.']]),
      expectations: [{ turn: 2, kind: 'contains', value: 'noon', ok: false }],
    });
    expect(failureDetails(old)).toEqual([{ code: 'expectation-failed', message: 'Expectation failed: the reply to turn 2 contains "noon" — got "At 9."' }]);
  });

  it('lists the error first when it is not one of the expectations (a timeout after a failed turn)', () => {
    const result = makeResult({
      verdict: 'failed',
      error: { code: 'response-timeout', message: 'No reply within 5 s to turn 2' },
      expectations: [{ turn: 1, kind: 'contains', value: 'a', ok: false, got: 'b', message: 'Expectation failed: …a' }],
    });
    expect(failureDetails(result).map((detail) => detail.code)).toEqual(['response-timeout', 'expectation-failed']);
  });
});

describe('the summary and the progress lines show every failing expectation', () => {
  const failing = makeResult({
    caseId: 'refund',
    verdict: 'failed',
    error: { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."' },
    transcript: conversation([['money back', 'We open at 9 am.']]),
    expectations: checker({ contains: 'refund', notContains: '9' })(1, 'We open at 9 am.'),
  });

  it('summary: each failure on its own line under the case', () => {
    const builder = new SummaryBuilder();
    builder.add(failing);
    const lines = formatHumanSummary({ summary: builder.build({ durationMs: 10, out: null, cancelled: false }), failures: [failing], planned: 1, repeated: false });
    const text = lines.join('\n');
    expect(text).toContain('  FAIL  refund\n        [expectation-failed] Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."');
    expect(text).toContain('        [expectation-failed] Expectation failed: the reply to turn 1 does not contain "9" — got "We open at 9 am."');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('progress line: the first on the line, the others indented below', () => {
    let written = '';
    const stream = { write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
    const progress = createProgress({ stream, tty: false, total: 1, repeated: false });
    progress.finished(failing);
    const lines = written.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[1\/1\] FAIL {2}refund \(1\.23 s\) {2}\[expectation-failed\] Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am\."$/);
    expect(lines[1]).toBe('    [expectation-failed] Expectation failed: the reply to turn 1 does not contain "9" — got "We open at 9 am."');
  });
});

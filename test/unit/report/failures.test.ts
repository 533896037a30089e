import { describe, expect, it } from 'vitest';
import type { AgentTurn } from '../../../machines/types.js';
import { parseTestSet } from '../../../src/config/load.js';
import { createChecker } from '../../../src/engine/expectations.js';
import { SummaryBuilder } from '../../../src/engine/summary.js';
import { emptyDrops } from '../../../machines/defaults.js';
import { failureDetails } from '../../../src/report/failures.js';
import { githubAnnotations } from '../../../src/report/github.js';
import { simulationSection } from '../../../src/report/html/simulation.js';
import { detailLines, formatHumanSummary } from '../../../src/report/human-summary.js';
import { formatJUnit } from '../../../src/report/junit.js';
import { createProgress } from '../../../src/report/progress.js';
import { conversation, makeResult } from '../../helpers/results.js';

const reply = (text: string): AgentTurn => ({ role: 'agent', text, messages: [text], at: 0, replyTo: 1, timedOut: false, truncated: false, deliveredAt: 0, latencyMs: 30 });

/** The expectation records the checker writes for one reply. */
function checked(expect: Record<string, unknown>, text: string) {
  const check = createChecker(parseTestSet({ cases: [{ id: 'c', turns: [{ user: 'hi', expect }] }] }).cases[0]!);
  return check(1, reply(text), {}).expectations;
}

describe('every failed expectation, each with what came (README "Reports and CI")', () => {
  it('one line per failed expectation, from the records the checker writes', () => {
    const result = makeResult({
      verdict: 'failed',
      error: { code: 'expectation-failed', message: 'Expectation failed: …; …' },
      expectations: checked({ contains: 'refund', notContains: '9', equals: 'Yes', maxLatencyMs: 10 }, 'We open at 9 am.'),
    });
    expect(failureDetails(result)).toEqual([
      { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."' },
      { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 does not contain "9" — got "We open at 9 am."' },
      { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 equals "Yes" — got "We open at 9 am."' },
      { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 starts within 10 ms — got 30 ms' },
    ]);
  });

  it('a result written before `got` existed still shows the reply, read from its transcript', () => {
    const old = makeResult({
      verdict: 'failed',
      transcript: conversation([['hello', 'Hi!'], ['When?', 'At 9.']]),
      expectations: [{ turn: 2, kind: 'contains', value: 'noon', ok: false }],
    });
    expect(failureDetails(old)).toEqual([{ code: 'expectation-failed', message: 'Expectation failed: the reply to turn 2 contains "noon" — got "At 9."' }]);
  });

  it('lists an error that is not the expectations first (a timeout after a failed turn)', () => {
    const result = makeResult({
      verdict: 'failed',
      error: { code: 'response-timeout', message: 'No reply within 5 s to turn 2' },
      expectations: [{ turn: 1, kind: 'contains', value: 'a', ok: false, got: 'b' }],
    });
    expect(failureDetails(result)).toEqual([
      { code: 'response-timeout', message: 'No reply within 5 s to turn 2' },
      { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 contains "a" — got "b"' },
    ]);
  });
});

describe('the summary and the progress lines show every failing expectation', () => {
  const failing = makeResult({
    caseId: 'refund',
    verdict: 'failed',
    error: { code: 'expectation-failed', message: 'Expectation failed: the reply to turn 1 contains "refund" — got "We open at 9 am."; …' },
    transcript: conversation([['money back', 'We open at 9 am.']]),
    expectations: checked({ contains: 'refund', notContains: '9' }, 'We open at 9 am.'),
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

describe('a response timeout whose frames arrived but were dropped says so, in every report', () => {
  const timedOut = makeResult({
    caseId: 'hours',
    verdict: 'error',
    error: { code: 'response-timeout', message: 'No reply within 3 s to turn 1' },
    dropped: { ...emptyDrops(), type: 4, typing: 2, turnEnd: 1 },
  });
  const hint = 'No reply within 3 s to turn 1 — 4 frames arrived and were dropped (type ×4); run parley probe --agent <agent config> to see why';

  it('counts only the frames that were dropped, not the typing and turnEnd frames that were used', () => {
    expect(failureDetails(timedOut)).toEqual([{ code: 'response-timeout', message: hint }]);
    expect(failureDetails({ ...timedOut, dropped: { ...emptyDrops(), noText: 1 } })[0]!.message).toContain('— 1 frame arrived and was dropped (noText ×1)');
  });

  it('says nothing more when no frame came, or for another error', () => {
    expect(failureDetails({ ...timedOut, dropped: { ...emptyDrops(), typing: 3 } })[0]!.message).toBe('No reply within 3 s to turn 1');
    const closed = makeResult({ ...timedOut, error: { code: 'agent-closed', message: 'The agent closed the connection' } });
    expect(failureDetails(closed)[0]!.message).toBe('The agent closed the connection');
  });

  it('the terminal, JUnit, HTML and the GitHub annotation all carry the hint', () => {
    expect(detailLines(timedOut, '  ').join('\n')).toContain(hint);
    const junit = formatJUnit([{ name: 'set', results: [timedOut], durationMs: 10 }], (text) => text);
    expect(junit).toContain(`message="${hint.replace('<', '&lt;').replace('>', '&gt;')}"`);
    expect(junit).toContain('timings: connect 5 ms; dropped: type 4; used: turnEnd 1, typing 2');
    expect(simulationSection(timedOut, (text) => text)).toContain(hint.replace('<', '&lt;').replace('>', '&gt;'));
    expect(githubAnnotations([timedOut], (text) => text)[0]).toContain(hint);
  });
});

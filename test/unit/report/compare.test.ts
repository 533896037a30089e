import { describe, expect, it } from 'vitest';
import { casePasses, caseRates } from '../../../src/report/case-rates.js';
import { compareRuns, formatComparison } from '../../../src/report/compare.js';
import { conversation, makeResult } from '../../helpers/results.js';
import type { Verdict } from '../../../machines/types.js';

/** Results for one case: one per verdict given, numbered as iterations. */
function runs(caseId: string, verdicts: Verdict[], latencyMs = 100) {
  return verdicts.map((verdict, index) =>
    makeResult({ caseId, iteration: index + 1, verdict, transcript: conversation([['hi', 'hello']], latencyMs) }),
  );
}

describe('parley compare (README "Reports and CI")', () => {
  const base = [...runs('steady', ['passed', 'passed']), ...runs('worse', ['passed', 'passed']), ...runs('better', ['failed', 'failed']), ...runs('gone', ['passed'])];
  const head = [
    ...runs('steady', ['passed', 'passed'], 300),
    ...runs('worse', ['passed', 'failed'], 300),
    ...runs('better', ['passed', 'passed'], 300),
    ...runs('new', ['error'], 300),
  ];

  it('finds regressions, fixes, flaky, added and removed cases, and both latencies', () => {
    const { comparison } = compareRuns(base, head);
    expect(comparison).toStrictEqual({
      regressions: ['worse'],
      fixes: ['better'],
      flaky: ['worse'],
      added: ['new'],
      removed: ['gone'],
      latencyMs: { base: { p50: 100, p95: 100 }, head: { p50: 300, p95: 300 } },
    });
    expect(Object.keys(comparison)).toStrictEqual(['regressions', 'fixes', 'flaky', 'added', 'removed', 'latencyMs']);
  });

  it('prints each case with its rate in both runs', () => {
    const text = formatComparison(compareRuns(base, head), { base: 'base.jsonl', head: 'head.jsonl' }).join('\n');
    expect(text).toMatch(/worse\s+2\/2 100%\s+1\/2 50%\s+regression \(flaky\)/);
    expect(text).toMatch(/new\s+–\s+0\/1 0%\s+added/);
    expect(text).toContain('latency      p50 100 ms → 300 ms · p95 100 ms → 300 ms');
  });
});

describe('--pass-rate', () => {
  it('judges in whole iterations: 0.8 of 5 is 4', () => {
    const [rate] = caseRates(runs('c', ['passed', 'passed', 'passed', 'passed', 'failed']));
    expect(rate).toMatchObject({ passed: 4, total: 5, rate: 0.8 });
    expect(casePasses(rate!, 0.8)).toBe(true);
    expect(casePasses(rate!, 0.81)).toBe(false);
    expect(casePasses(rate!, 1)).toBe(false);
  });
});

import type { SimulationResult } from '../../machines/types.js';
import { percentile } from '../engine/summary.js';
import { caseRates, percent, type CaseRate } from './case-rates.js';
import { formatMs } from './format.js';

/** `parley compare --json` (README "Reports and CI"), exactly these keys. */
export interface Comparison {
  /** Cases whose pass rate fell. */
  regressions: string[];
  /** Cases whose pass rate rose. */
  fixes: string[];
  /** Cases with mixed verdicts in head. */
  flaky: string[];
  /** Cases only in head. */
  added: string[];
  /** Cases only in base. */
  removed: string[];
  latencyMs: { base: { p50: number | null; p95: number | null }; head: { p50: number | null; p95: number | null } };
}

/** One case's row in the human table. */
export interface CaseComparison {
  caseId: string;
  base: CaseRate | null;
  head: CaseRate | null;
}

function latencies(results: readonly SimulationResult[]): { p50: number | null; p95: number | null } {
  const sorted = results
    .flatMap((result) => result.transcript.flatMap((entry) => (entry.role === 'agent' && entry.latencyMs !== undefined ? [entry.latencyMs] : [])))
    .sort((a, b) => a - b);
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
}

/** Per case id, the pass rate in each run; ids in base order, then those new in head. */
export function compareRuns(base: readonly SimulationResult[], head: readonly SimulationResult[]): { comparison: Comparison; cases: CaseComparison[] } {
  const baseRates = new Map(caseRates(base).map((rate) => [rate.caseId, rate]));
  const headRates = new Map(caseRates(head).map((rate) => [rate.caseId, rate]));
  const ids = [...new Set([...baseRates.keys(), ...headRates.keys()])];
  const cases = ids.map((caseId) => ({ caseId, base: baseRates.get(caseId) ?? null, head: headRates.get(caseId) ?? null }));
  const both = cases.filter((row): row is CaseComparison & { base: CaseRate; head: CaseRate } => row.base !== null && row.head !== null);
  const comparison: Comparison = {
    regressions: both.filter((row) => row.head.rate < row.base.rate).map((row) => row.caseId),
    fixes: both.filter((row) => row.head.rate > row.base.rate).map((row) => row.caseId),
    flaky: cases.filter((row) => row.head !== null && row.head.passed > 0 && row.head.passed < row.head.total).map((row) => row.caseId),
    added: cases.filter((row) => row.base === null).map((row) => row.caseId),
    removed: cases.filter((row) => row.head === null).map((row) => row.caseId),
    latencyMs: { base: latencies(base), head: latencies(head) },
  };
  return { comparison, cases };
}

/** The human form: one row per case, the lists, and the latency change. */
export function formatComparison({ comparison, cases }: { comparison: Comparison; cases: CaseComparison[] }, names: { base: string; head: string }): string[] {
  const width = Math.max(4, ...cases.map((row) => row.caseId.length));
  const rate = (value: CaseRate | null) => (value ? `${value.passed}/${value.total} ${percent(value.rate)}` : '–');
  const mark = (caseId: string): string => {
    if (comparison.regressions.includes(caseId)) return 'regression';
    if (comparison.fixes.includes(caseId)) return 'fixed';
    if (comparison.added.includes(caseId)) return 'added';
    if (comparison.removed.includes(caseId)) return 'removed';
    return '';
  };
  const rows = cases.map((row) => {
    const flaky = comparison.flaky.includes(row.caseId) ? ' (flaky)' : '';
    return `  ${row.caseId.padEnd(width)}  ${rate(row.base).padStart(10)}  ${rate(row.head).padStart(10)}  ${mark(row.caseId)}${flaky}`.trimEnd();
  });
  const list = (name: string, ids: string[]) => `  ${name.padEnd(12)} ${ids.length === 0 ? 'none' : ids.join(', ')}`;
  const { base, head } = comparison.latencyMs;
  return [
    `Comparing ${names.base} (base) with ${names.head} (head)`,
    '',
    `  ${'case'.padEnd(width)}  ${'base'.padStart(10)}  ${'head'.padStart(10)}`,
    ...rows,
    '',
    list('regressions', comparison.regressions),
    list('fixes', comparison.fixes),
    list('flaky', comparison.flaky),
    list('added', comparison.added),
    list('removed', comparison.removed),
    `  ${'latency'.padEnd(12)} p50 ${formatMs(base.p50)} → ${formatMs(head.p50)} · p95 ${formatMs(base.p95)} → ${formatMs(head.p95)}`,
  ];
}

import type { RunSummary } from '../engine/summary.js';
import { casePasses, type CaseRate } from './case-rates.js';

/**
 * The `--json` summary (README "CLI"): the run summary without `cancelled` (the exit code says that),
 * and without `out` when no results file was written (`parley report`).
 */
export type JsonSummary = Omit<RunSummary, 'cancelled' | 'out'> & { out?: string };

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms));

/** Picks the documented keys, so an engine field added later does not change the CLI's output. */
export function toJsonSummary(summary: RunSummary): JsonSummary {
  const { p50, p95, max } = summary.latencyMs;
  return {
    total: summary.total,
    passed: summary.passed,
    failed: summary.failed,
    error: summary.error,
    latencyMs: { p50: round(p50), p95: round(p95), max: round(max) },
    errors: { ...summary.errors },
    durationMs: summary.durationMs,
    ...(summary.out === null ? {} : { out: summary.out }),
  };
}

/**
 * The single line `--json` prints on stdout; with `--pass-rate` (`rates`) it adds `cases`, each
 * case's rate and whether it passed.
 */
export function formatJsonSummary(summary: RunSummary, rates?: { passRate: number; cases: CaseRate[] }): string {
  if (!rates) return JSON.stringify(toJsonSummary(summary));
  const cases = rates.cases.map((rate) => ({ id: rate.caseId, passed: rate.passed, total: rate.total, rate: rate.rate, pass: casePasses(rate, rates.passRate) }));
  return JSON.stringify({ ...toJsonSummary(summary), cases });
}

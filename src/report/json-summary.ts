import type { RunSummary } from '../engine/summary.js';

/** The `--json` summary (SPEC §7): the run summary without `cancelled` (the exit code says that). */
export type JsonSummary = Omit<RunSummary, 'cancelled'>;

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
    out: summary.out,
  };
}

/** The single line `--json` prints on stdout. */
export function formatJsonSummary(summary: RunSummary): string {
  return JSON.stringify(toJsonSummary(summary));
}

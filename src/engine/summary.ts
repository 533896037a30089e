import type { SimulationResult } from '../../machines/types.js';

/** What a run amounts to (README "CLI" `--json`). */
export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  error: number;
  /** Reply latency (user message to first agent message) over every reply of the run. Null with no replies. */
  latencyMs: { p50: number | null; p95: number | null; max: number | null };
  /** Count of results per error code. */
  errors: Record<string, number>;
  durationMs: number;
  /** The JSONL file results were written to, when there was one. */
  out: string | null;
  /** The run was interrupted: some simulations ended `cancelled`, others never started. */
  cancelled: boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Accumulates results as they arrive, so a summary is ready whenever the run stops. */
export class SummaryBuilder {
  readonly #latencies: number[] = [];
  readonly #counts = { passed: 0, failed: 0, error: 0 };
  readonly #errors: Record<string, number> = {};

  add(result: SimulationResult): void {
    this.#counts[result.verdict] += 1;
    if (result.error) this.#errors[result.error.code] = (this.#errors[result.error.code] ?? 0) + 1;
    for (const entry of result.transcript) {
      if (entry.role === 'agent' && entry.latencyMs !== undefined) this.#latencies.push(entry.latencyMs);
    }
  }

  build(extra: { durationMs: number; out: string | null; cancelled: boolean }): RunSummary {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const { passed, failed, error } = this.#counts;
    return {
      total: passed + failed + error,
      passed,
      failed,
      error,
      latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? null },
      errors: { ...this.#errors },
      ...extra,
    };
  }
}

import type { SimulationResult } from '../../machines/types.js';
import { percentile } from '../engine/summary.js';

/** One reply of a load run: when it came (ms since the run started) and how long it took. */
export interface ReplySample {
  atMs: number;
  /** User message → first agent message (ms, 0.1 resolution). */
  latencyMs: number;
  /** User message → last message of the reply (ms). */
  completeMs: number;
}

/** What the windows and thresholds need of one result, its times relative to the run's start. */
export interface LoadSample {
  startMs: number;
  endMs: number;
  verdict: SimulationResult['verdict'];
  /** The error code of a failed or errored result. */
  code?: string;
  connectMs: number | null;
  replies: ReplySample[];
}

/** A result's times from the run's start (`runStart`, epoch ms), read from its own timestamps. */
export function sampleOf(result: SimulationResult, runStart: number): LoadSample {
  const startMs = Date.parse(result.startedAt) - runStart;
  const replies: ReplySample[] = [];
  for (const entry of result.transcript) {
    if (entry.role !== 'agent' || entry.latencyMs === undefined) continue;
    replies.push({ atMs: Date.parse(entry.at) - runStart, latencyMs: entry.latencyMs, completeMs: entry.lastMessageLatencyMs ?? entry.latencyMs });
  }
  return {
    startMs,
    endMs: startMs + result.durationMs,
    verdict: result.verdict,
    ...(result.error ? { code: result.error.code } : {}),
    connectMs: result.timings.connectMs,
    replies,
  };
}

/** Latency statistics of some values; every one counts (no sampling). */
export function latencyStats(values: number[]): { n: number; p50: number | null; p90: number | null; p95: number | null; p99: number | null; max: number | null; avg: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    avg: sorted.length === 0 ? null : Math.round((sum / sorted.length) * 10) / 10,
  };
}

/**
 * The whole run's measure for a threshold (`reply.p95`, `error.rate`): latencies over every reply,
 * rates over every finished simulation; null when there is nothing to measure.
 */
export function runMeasures(samples: readonly LoadSample[], skipped: number): (name: string) => number | null {
  const replies = samples.flatMap((sample) => sample.replies);
  const stats = {
    reply: latencyStats(replies.map((reply) => reply.latencyMs)),
    complete: latencyStats(replies.map((reply) => reply.completeMs)),
    connect: latencyStats(samples.flatMap((sample) => (sample.connectMs === null ? [] : [sample.connectMs]))),
  };
  const count = (verdict: string) => samples.filter((sample) => sample.verdict === verdict).length;
  return (name) => {
    const [metric, stat] = name.split('.') as [string, string];
    if (metric === 'skipped') return skipped;
    if (metric === 'error' || metric === 'failed' || metric === 'passed') {
      const n = count(metric);
      if (stat === 'count') return n;
      return samples.length === 0 ? null : n / samples.length;
    }
    const latency = stats[metric as keyof typeof stats] as Record<string, number | null> | undefined;
    return latency?.[stat] ?? null;
  };
}

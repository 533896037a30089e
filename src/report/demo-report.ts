import type { SimulationResult } from '../../machines/types.js';
import type { RunSummary } from '../engine/summary.js';
import { errorCounts, formatMs, shorten, VERDICT_TAG, verdictCounts } from './format.js';
import { formatTranscript } from './transcript.js';

/** One example's run, as `parley demo` reports it. */
export interface ExampleRun {
  /** Folder under examples/. */
  dir: string;
  title: string;
  /** The demo agent it ran against. */
  agentUrl: string;
  summary: RunSummary;
  /** In the test set's case order. */
  results: SimulationResult[];
}

/** A readable report of one example: each case with its verdict and conversation. */
export function formatExampleRun(run: ExampleRun): string[] {
  const { summary } = run;
  const lines = ['', `── ${run.title} ── examples/${run.dir}`, `   demo agent ${run.agentUrl}`];
  for (const result of run.results) {
    lines.push(`   ${VERDICT_TAG[result.verdict]} ${result.caseId}`);
    lines.push(...formatTranscript(result.transcript));
    if (result.error) lines.push(`      ! [${result.error.code}] ${shorten(result.error.message, 160)}`);
  }
  const latency = `p50 ${formatMs(summary.latencyMs.p50)} · p95 ${formatMs(summary.latencyMs.p95)}`;
  lines.push(`   ${verdictCounts(summary)} in ${formatMs(summary.durationMs)}; reply latency ${latency}`);
  return lines;
}

/** The closing table: one row per example and a total. */
export function formatDemoTotals(runs: readonly ExampleRun[], durationMs: number): string[] {
  const width = Math.max(...runs.map((run) => run.dir.length), 'total'.length);
  const rows = runs.map((run) => `  ${run.dir.padEnd(width)}  ${verdictCounts(run.summary)}`);
  const total = { passed: 0, failed: 0, error: 0 };
  const errors: Record<string, number> = {};
  for (const run of runs) {
    total.passed += run.summary.passed;
    total.failed += run.summary.failed;
    total.error += run.summary.error;
    for (const [code, count] of Object.entries(run.summary.errors)) errors[code] = (errors[code] ?? 0) + count;
  }
  const lines = ['', 'Demo summary', ...rows, `  ${'total'.padEnd(width)}  ${verdictCounts(total)} in ${formatMs(durationMs)}`];
  if (Object.keys(errors).length > 0) lines.push(`  errors: ${errorCounts(errors)}`);
  return lines;
}

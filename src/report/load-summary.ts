import type { LoadOutcome } from '../load/run.js';
import { formatDuration } from '../load/duration.js';
import { describeModel } from '../load/pace.js';
import { latencyStats } from '../load/samples.js';
import { formatValue, type ThresholdOutcome } from '../load/thresholds.js';
import { toJsonSummary } from './json-summary.js';
import type { Colors } from './colors.js';
import { errorCodes, latencyCell } from './load-table.js';

/** The `--json` object of `parley load` (README "Load testing"): `run --json`'s fields and the load's. */
export function loadJson(outcome: LoadOutcome, thresholds: ThresholdOutcome[]) {
  return {
    ...toJsonSummary(outcome.summary),
    model: outcome.model.kind,
    skipped: outcome.skipped,
    windows: outcome.windows,
    thresholds,
  };
}

/** The human summary after the live table: totals, latencies over the whole run, thresholds. */
export function formatLoadSummary(outcome: LoadOutcome, thresholds: ThresholdOutcome[], context: { colors: Colors; files: string[] }): string[] {
  const { summary } = outcome;
  const { colors } = context;
  const replies = outcome.samples.flatMap((sample) => sample.replies);
  const reply = latencyStats(replies.map((entry) => entry.latencyMs));
  const complete = latencyStats(replies.map((entry) => entry.completeMs));
  const lines = [
    '',
    `Load: ${describeModel(outcome.model)} for ${formatDuration(summary.durationMs)} — ${summary.total} simulations, ${reply.n} replies, ${outcome.skipped} skipped`,
    `  ${colors.green(`${summary.passed} passed`)}, ${colors.red(`${summary.failed} failed`)}, ${colors.yellow(`${summary.error} error`)}${
      Object.keys(summary.errors).length > 0 ? ` (${errorCodes(summary.errors)})` : ''
    }`,
    `  reply ms    p50 ${latencyCell(reply.p50)}  p95 ${latencyCell(reply.p95)}  p99 ${latencyCell(reply.p99)}  max ${latencyCell(reply.max)}`,
    `  complete ms p50 ${latencyCell(complete.p50)}  p95 ${latencyCell(complete.p95)}  p99 ${latencyCell(complete.p99)}  max ${latencyCell(complete.max)}`,
  ];
  if (thresholds.length > 0) {
    lines.push('Thresholds:');
    for (const t of thresholds) {
      const measured = t.value === null ? 'nothing measured' : formatValue(t.value);
      lines.push(`  ${t.ok ? colors.green('✓') : colors.red('✗')} ${t.expr}  (measured ${measured})`);
    }
  }
  if (outcome.interrupted) lines.push(colors.yellow('Interrupted: running simulations ended cancelled.'));
  if (summary.out) lines.push(`Results: ${summary.out}`);
  lines.push(...context.files);
  return lines;
}

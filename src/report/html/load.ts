import type { LoadOutcome } from '../../load/run.js';
import { formatDuration } from '../../load/duration.js';
import { describeModel } from '../../load/pace.js';
import { formatValue, type ThresholdOutcome } from '../../load/thresholds.js';
import { errorCodes, latencyCell } from '../load-table.js';
import { escapeXml as esc } from '../xml.js';
import { pageHead } from './page.js';
import { seriesChart } from './series.js';

/** What the load report shows. */
export interface LoadHtmlInput {
  title: string;
  agentName?: string | undefined;
  outcome: LoadOutcome;
  thresholds: readonly ThresholdOutcome[];
  /** @default now */
  generatedAt?: Date;
}

/**
 * The `parley load --html` page (README "Load testing"): the run's figures, the thresholds, and the windows as
 * time series (reply latency percentiles, users, errors), then the windows as a table. One file,
 * inline SVG and style, no script.
 */
export function formatLoadHtml(input: LoadHtmlInput): string {
  const { outcome } = input;
  const { windows, summary } = outcome;
  const times = windows.map((window) => window.endMs / 1000);
  const title = `Parley load: ${input.title}`;
  return [
    pageHead(title),
    `<p class="muted">${esc(describeModel(outcome.model))} for ${esc(formatDuration(summary.durationMs))}${input.agentName ? ` against ${esc(input.agentName)}` : ''}; generated ${esc((input.generatedAt ?? new Date()).toISOString())}</p>`,
    countsTable(outcome),
    thresholdTable(input.thresholds),
    '<h2>Reply latency per window (ms)</h2>',
    seriesChart({
      id: 'chart-latency',
      label: 'reply latency',
      unit: ' ms',
      times,
      series: [
        { name: 'p50', values: windows.map((w) => w.reply.p50) },
        { name: 'p95', values: windows.map((w) => w.reply.p95) },
        { name: 'p99', values: windows.map((w) => w.reply.p99) },
        { name: 'complete p95', values: windows.map((w) => w.complete.p95) },
      ],
    }),
    '<h2>Users running</h2>',
    seriesChart({ id: 'chart-users', label: 'users', unit: '', times, series: [{ name: 'running', values: windows.map((w) => w.running) }] }),
    '<h2>Errors and skipped arrivals per window</h2>',
    seriesChart({
      id: 'chart-errors',
      label: 'errors',
      unit: '',
      times,
      series: [
        { name: 'error', values: windows.map((w) => w.error) },
        { name: 'failed', values: windows.map((w) => w.failed) },
        { name: 'skipped', values: windows.map((w) => w.skipped) },
      ],
    }),
    '<h2>Windows</h2>',
    windowsTable(outcome),
    '</body></html>',
    '',
  ].join('\n');
}

function countsTable({ summary, skipped }: LoadOutcome): string {
  const cells: Array<[string, string]> = [
    ['simulations', String(summary.total)],
    ['passed', String(summary.passed)],
    ['failed', String(summary.failed)],
    ['error', String(summary.error)],
    ['skipped', String(skipped)],
    ['reply p50', `${latencyCell(summary.latencyMs.p50)} ms`],
    ['reply p95', `${latencyCell(summary.latencyMs.p95)} ms`],
  ];
  return `<table class="counts"><tr>${cells.map(([name]) => `<th>${name}</th>`).join('')}</tr><tr>${cells.map(([, value]) => `<td>${esc(value)}</td>`).join('')}</tr></table>`;
}

function thresholdTable(thresholds: readonly ThresholdOutcome[]): string {
  if (thresholds.length === 0) return '';
  const rows = thresholds.map((t) => {
    const verdict = t.ok ? 'passed' : 'failed';
    return `<tr class="threshold"><td><span class="badge ${verdict}">${verdict}</span></td><td>${esc(t.expr)}</td><td>${t.value === null ? 'nothing measured' : esc(formatValue(t.value))}</td></tr>`;
  });
  return `<h2>Thresholds</h2><table><tr><th></th><th>threshold</th><th>measured</th></tr>${rows.join('')}</table>`;
}

function windowsTable({ windows }: LoadOutcome): string {
  const head = ['end', 'running', 'started', 'finished', 'passed', 'failed', 'error', 'p50', 'p95', 'p99', 'max', 'complete p95', 'skipped', 'errors'];
  const rows = windows.map((w) => {
    const cells = [`${(w.endMs / 1000).toFixed(1)} s`, w.running, w.started, w.finished, w.passed, w.failed, w.error, latencyCell(w.reply.p50), latencyCell(w.reply.p95), latencyCell(w.reply.p99), latencyCell(w.reply.max), latencyCell(w.complete.p95), w.skipped, errorCodes(w.errors)];
    return `<tr>${cells.map((cell) => `<td>${esc(String(cell))}</td>`).join('')}</tr>`;
  });
  return `<table class="windows"><tr>${head.map((name) => `<th>${name}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

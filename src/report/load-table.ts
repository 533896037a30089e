import type { LoadWindow } from '../load/windows.js';

/** A latency cell: 0.1 ms below 100 ms, whole ms above, `-` for no reply. */
export function latencyCell(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 100 ? ms.toFixed(1) : String(Math.round(ms));
}

/** `connect-failed 3, cancelled 1`, most frequent first; empty when none. */
export function errorCodes(errors: Record<string, number>): string {
  return Object.entries(errors)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
}

const COLUMNS = [
  ['time', 7],
  ['users', 6],
  ['start', 6],
  ['done', 6],
  ['pass', 6],
  ['fail', 5],
  ['err', 5],
  ['p50', 7],
  ['p95', 7],
  ['p99', 7],
  ['max', 7],
  ['cp95', 7],
  ['skip', 5],
] as const;

const row = (cells: readonly string[], extra: string) =>
  `${cells.map((cell, index) => cell.padStart(COLUMNS[index]![1])).join('')}${extra ? `  ${extra}` : ''}`;

/**
 * The header of the live table: one line a window, printed as each window closes and never
 * redrawn, so it reads the same in a terminal, a pipe or a CI log. Latencies in ms.
 */
export function loadTableHeader(): string {
  return row(
    COLUMNS.map(([name]) => name),
    'errors',
  );
}

/** One window as a table row: its end time, users running then, counts, reply latencies, errors by code. */
export function loadTableRow(window: LoadWindow): string {
  const time = `${(window.endMs / 1000).toFixed(1)}s`;
  const { reply } = window;
  return row(
    [
      time,
      String(window.running),
      String(window.started),
      String(window.finished),
      String(window.passed),
      String(window.failed),
      String(window.error),
      latencyCell(reply.p50),
      latencyCell(reply.p95),
      latencyCell(reply.p99),
      latencyCell(reply.max),
      latencyCell(window.complete.p95),
      String(window.skipped),
    ],
    errorCodes(window.errors),
  );
}

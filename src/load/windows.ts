import { latencyStats, type LoadSample } from './samples.js';

/** One `--window` of a load run, as in `--json` (`w` of README "Load testing"); ms since the run started. */
export interface LoadWindow {
  index: number;
  startMs: number;
  endMs: number;
  /** Simulations running at the window's end. */
  running: number;
  /** Simulations that started in the window. */
  started: number;
  /** Simulations that ended in the window, and their verdicts. */
  finished: number;
  passed: number;
  failed: number;
  error: number;
  /** Error codes of the failed and errored results that ended in the window. */
  errors: Record<string, number>;
  /** Arrivals not started because `--max-users` were running. */
  skipped: number;
  /** Every reply that came in the window; null figures when none came. */
  reply: { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  complete: { p95: number | null };
}

const indexOf = (ms: number, windowMs: number) => Math.max(0, Math.floor(ms / windowMs));

function emptyWindow(index: number, windowMs: number): LoadWindow & { latencies: number[]; completes: number[] } {
  return {
    index,
    startMs: index * windowMs,
    endMs: (index + 1) * windowMs,
    running: 0,
    started: 0,
    finished: 0,
    passed: 0,
    failed: 0,
    error: 0,
    errors: {},
    skipped: 0,
    reply: { n: 0, p50: null, p95: null, p99: null, max: null },
    complete: { p95: null },
    latencies: [],
    completes: [],
  };
}

/**
 * The windows of a run from its results' timestamps (and the skipped arrivals' times), so a local
 * run and a queue run have the same figures. `endMs` (the run's length) sets how many there are:
 * the last one may be shorter.
 */
export function buildWindows(samples: readonly LoadSample[], skips: readonly number[], options: { windowMs: number; endMs: number }): LoadWindow[] {
  const { windowMs } = options;
  const count = Math.max(1, Math.ceil(options.endMs / windowMs));
  const windows = Array.from({ length: count }, (_, index) => emptyWindow(index, windowMs));
  const at = (ms: number) => windows[Math.min(count - 1, indexOf(ms, windowMs))]!;
  for (const sample of samples) {
    at(sample.startMs).started += 1;
    const end = at(sample.endMs);
    end.finished += 1;
    end[sample.verdict] += 1;
    if (sample.code) end.errors[sample.code] = (end.errors[sample.code] ?? 0) + 1;
    // Running at a window's end: started at or before it, not yet ended.
    for (let index = indexOf(sample.startMs, windowMs); index < count && windows[index]!.endMs < sample.endMs; index++) {
      if (windows[index]!.endMs >= sample.startMs) windows[index]!.running += 1;
    }
    for (const reply of sample.replies) {
      const window = at(reply.atMs);
      window.latencies.push(reply.latencyMs);
      window.completes.push(reply.completeMs);
    }
  }
  for (const ms of skips) at(ms).skipped += 1;
  return windows.map(({ latencies, completes, ...window }) => {
    const reply = latencyStats(latencies);
    const last = window.index === count - 1 ? { endMs: options.endMs } : {};
    return {
      ...window,
      ...last,
      reply: { n: reply.n, p50: reply.p50, p95: reply.p95, p99: reply.p99, max: reply.max },
      complete: { p95: latencyStats(completes).p95 },
    };
  });
}

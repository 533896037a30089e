import type { SimulationResult } from '../../machines/types.js';
import { ensureAgentConfig } from '../config/ensure.js';
import type { AgentConfig, TestSet } from '../config/types.js';
import { ResultsWriter } from '../engine/results-writer.js';
import { SummaryBuilder, type RunSummary } from '../engine/summary.js';
import { loadTransport } from '../transport/transport-actor.js';
import { driveLoad, type StartSimulation } from './driver.js';
import type { LoadModel } from './pace.js';
import { sampleOf, type LoadSample } from './samples.js';
import { supervisedStarter } from './starters.js';
import { buildWindows, type LoadWindow } from './windows.js';

/** Options of {@link runLoad} (README "Load testing"); times in ms. */
export interface LoadRunOptions {
  model: LoadModel;
  /** How long new simulations start. @default 60000 */
  durationMs?: number;
  /** Closed model: users go from 1 to N over it; open model: the rate from R1 to R2. @default 0 */
  rampMs?: number;
  /** Length of each reported window. @default 5000 */
  windowMs?: number;
  /** After the duration, how long running simulations have before they end `cancelled`. @default 30000 */
  graceMs?: number;
  /** Open model: most simulations at once; further arrivals are skipped. @default 1000 */
  maxUsers?: number;
  /** Aborting (SIGINT) stops arrivals and ends running simulations `cancelled`. */
  signal?: AbortSignal;
  /** A JSONL file each result is appended to, with `"load": {"window": k}`. @default none */
  out?: string;
  /** Each result as it ends, with the window it started in. */
  onResult?: (result: SimulationResult, window: number) => void;
  /** Each window as it closes, from what is known then (the final figures are in the outcome). */
  onWindow?: (window: LoadWindow) => void;
  /** How each simulation is run: locally (the default) or on a queue's workers. */
  start?: StartSimulation;
}

/** What a load run amounts to. */
export interface LoadOutcome {
  summary: RunSummary;
  model: LoadModel;
  /** Arrivals skipped at `maxUsers`. */
  skipped: number;
  /** Every window, from the results' own timestamps. */
  windows: LoadWindow[];
  samples: LoadSample[];
  /** Stopped by the signal. */
  interrupted: boolean;
}

export const LOAD_DEFAULTS = { durationMs: 60_000, rampMs: 0, windowMs: 5000, graceMs: 30_000, maxUsers: 1000 } as const;

/** Epoch ms with sub-ms precision, the clock results' timestamps come from. */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Runs load against one agent (README "Load testing"): the model's users or arrivals for `durationMs`, each
 * simulation one case of the test set, round-robin. Never rejects because a simulation failed.
 */
export async function runLoad(config: AgentConfig | Record<string, unknown>, testSet: TestSet, options: LoadRunOptions): Promise<LoadOutcome> {
  const agent = ensureAgentConfig(config);
  await loadTransport(agent);
  const settings = { ...LOAD_DEFAULTS, ...definedOf(options) };
  const runStart = epochNow();
  const elapsed = () => epochNow() - runStart;
  // A throwing callback or a failed write (disk full) stops the load like an interrupt; runLoad
  // rejects with it once everything running has ended.
  const stop = new AbortController();
  let callbackError: unknown;
  const record = recorder({ ...options, windowMs: settings.windowMs, runStart, elapsed });
  const ticker = setInterval(() => options.onWindow?.(record.closeWindow()), settings.windowMs);
  try {
    const outcome = await driveLoad({
      ...settings,
      model: options.model,
      caseIds: testSet.cases.map((testCase) => testCase.id),
      start: options.start ?? supervisedStarter(agent, testSet),
      elapsed,
      signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal,
      onStart: record.started,
      onSkip: record.skipped,
      onResult: (result) => {
        try {
          record.result(result);
        } catch (error) {
          callbackError ??= error;
          stop.abort();
        }
      },
    });
    if (callbackError !== undefined) throw callbackError;
    const durationMs = elapsed();
    return {
      summary: record.summary.build({ durationMs: Math.round(durationMs), out: options.out ?? null, cancelled: outcome.interrupted }),
      model: options.model,
      skipped: outcome.skips.length,
      windows: buildWindows(record.samples, outcome.skips, { windowMs: settings.windowMs, endMs: durationMs }),
      samples: record.samples,
      interrupted: outcome.interrupted,
    };
  } finally {
    clearInterval(ticker);
    record.close();
  }
}

/** Keeps each result (its times, the summary, the JSONL line) and the live windows. */
function recorder(context: { windowMs: number; runStart: number; elapsed: () => number; out?: string | undefined; onResult?: LoadRunOptions['onResult'] }) {
  const writer = context.out ? new ResultsWriter(context.out) : null;
  const summary = new SummaryBuilder();
  const samples: LoadSample[] = [];
  const skips: number[] = [];
  const live = liveWindows(context.windowMs, context.elapsed);
  return {
    summary,
    samples,
    started: () => live.started(),
    skipped: (atMs: number) => skips.push(atMs),
    closeWindow: () => live.close(samples, skips),
    result(result: SimulationResult): void {
      live.ended();
      const sample = sampleOf(result, context.runStart);
      samples.push(sample);
      summary.add(result);
      const window = Math.max(0, Math.floor(sample.startMs / context.windowMs));
      writer?.write({ ...result, load: { window } } as SimulationResult);
      context.onResult?.(result, window);
    },
    close: () => writer?.close(),
  };
}

/** Options given, without the undefined ones, so a default is not overwritten by `undefined`. */
function definedOf(options: LoadRunOptions): Partial<typeof LOAD_DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => key in LOAD_DEFAULTS && value !== undefined));
}

/** The live view of windows: starts and running counted as they happen, the rest from results so far. */
function liveWindows(windowMs: number, elapsed: () => number) {
  let index = 0;
  let running = 0;
  let started = 0;
  return {
    started: () => {
      running += 1;
      started += 1;
    },
    ended: () => (running -= 1),
    close(samples: readonly LoadSample[], skips: readonly number[]): LoadWindow {
      const endMs = Math.max((index + 1) * windowMs, elapsed());
      const window = { ...buildWindows(samples, skips, { windowMs, endMs })[index]!, running, started };
      index += 1;
      started = 0;
      return window;
    },
  };
}

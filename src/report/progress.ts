import { Presets, SingleBar } from 'cli-progress';
import type { SimulationResult } from '../../machines/types.js';
import { caseLabel } from './case-label.js';
import { formatMs, shorten, VERDICT_TAG } from './format.js';
import { simulationNote } from './model-notes.js';

/** Live progress of a run, on stderr (SPEC §7). */
export interface Progress {
  /** A simulation ended. */
  finished(result: SimulationResult): void;
  /** The run is over: a bar is finished and released. */
  stop(): void;
}

/** Where progress goes and how much there is. */
export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** A terminal gets a redrawn bar; anything else (a pipe, a CI log) a line per simulation. */
  tty: boolean;
  /** Simulations planned. */
  total: number;
  /** Whether cases run more than once (labels then carry `#iteration`). */
  repeated: boolean;
}

/** Picks the bar or the line-per-simulation log. */
export function createProgress(options: ProgressOptions): Progress {
  return options.tty ? barProgress(options) : lineProgress(options);
}

function barProgress({ stream, total }: ProgressOptions): Progress {
  const bar = new SingleBar(
    {
      stream,
      format: ' {bar} {value}/{total} | {passed} passed, {failed} failed, {error} error | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const counts = { passed: 0, failed: 0, error: 0 };
  bar.start(total, 0, counts);
  return {
    finished(result) {
      counts[result.verdict] += 1;
      bar.increment(1, counts);
    },
    stop: () => bar.stop(),
  };
}

/** One line per finished simulation: greppable, and safe for logs that cannot redraw. */
function lineProgress({ stream, total, repeated }: ProgressOptions): Progress {
  let done = 0;
  const width = String(total).length;
  return {
    finished(result) {
      done += 1;
      const why = result.error ? `  [${result.error.code}] ${shorten(result.error.message, 160)}` : '';
      const count = `${String(done).padStart(width)}/${total}`;
      stream.write(`[${count}] ${VERDICT_TAG[result.verdict]} ${caseLabel(result, repeated)} (${formatMs(result.durationMs)}${simulationNote(result)})${why}\n`);
    },
    stop: () => undefined,
  };
}

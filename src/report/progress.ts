import { Presets, SingleBar } from 'cli-progress';
import type { SimulationResult } from '../../machines/types.js';
import { caseLabel } from './case-label.js';
import { PLAIN, verdictTag, type Colors } from './colors.js';
import { formatMs } from './format.js';
import { detailLines } from './human-summary.js';
import { simulationNote } from './model-notes.js';

/** Live progress of a run, on stderr (README "CLI"). */
export interface Progress {
  /** A simulation ended. */
  finished(result: SimulationResult): void;
  /**
   * A line for the user (the interrupt or --bail notice) that the bar must not draw over. It means
   * the run is winding down: the bar draws its last state and stays above the note, never drawn
   * again below it (what follows is the summary).
   */
  note(text: string): void;
  /** The run is over: the bar draws its last state and never draws again. Safe to call twice. */
  stop(): void;
}

/** Where progress goes and how much there is. */
export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** A terminal gets a redrawn bar; anything else (a pipe, a CI log) a line per simulation. */
  tty: boolean;
  /** Simulations planned. */
  total: number;
  /** Whether cases run more than once (labels then carry `#iteration`). */
  repeated: boolean;
  /** @default no colour */
  colors?: Colors;
  /** Scrubs secrets from failure messages. @default none */
  redact?: (text: string) => string;
}

/** Picks the bar or the line-per-simulation log. */
export function createProgress(options: ProgressOptions): Progress {
  return options.tty ? barProgress(options) : lineProgress(options);
}

/** The bar's text beside the bar itself; its width decides how wide the bar may be. */
const FORMAT = '{bar} {value}/{total} | {passed} passed {failed} failed {error} error | {duration_formatted}';

/**
 * The bar's width so the whole line fits the terminal (80 or 60 columns, or whatever it is):
 * the text beside it at its widest (every count as wide as the total, a long duration) is
 * subtracted. Never under 10 nor over 40 characters.
 */
export function barWidth(columns: number, total: number): number {
  const digits = String(total).length;
  const text = FORMAT.replace('{bar}', '')
    .replace(/\{(value|total|passed|failed|error)\}/g, '9'.repeat(digits))
    .replace('{duration_formatted}', '59m59s');
  return Math.max(10, Math.min(40, columns - 1 - text.length));
}

function barProgress({ stream, total }: ProgressOptions): Progress {
  const columns = stream.columns || 80;
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: ` ${FORMAT}`,
      barsize: barWidth(columns - 1, total),
      // Neither hides the cursor nor turns off line wrapping: a process killed mid-run (a second
      // Ctrl-C) would leave the terminal that way. `linewrap: true` also cuts a line that would
      // still be too wide (a very narrow terminal), so it never wraps and never stacks up.
      hideCursor: false,
      linewrap: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  const counts = { passed: 0, failed: 0, error: 0 };
  let done = 0;
  let running = true;
  bar.start(total, 0, counts);
  return {
    finished(result) {
      counts[result.verdict] += 1;
      done += 1;
      if (running) bar.update(done, counts);
    },
    note(text) {
      // The bar is finished on its own line first, so the note starts on a fresh one.
      if (running) bar.stop();
      running = false;
      stream.write(`${text}\n`);
    },
    stop() {
      if (!running) return;
      running = false;
      bar.stop();
    },
  };
}

/** One line per finished simulation: greppable, and safe for logs that cannot redraw. */
function lineProgress({ stream, total, repeated, colors = PLAIN, redact }: ProgressOptions): Progress {
  let done = 0;
  const width = String(total).length;
  return {
    finished(result) {
      done += 1;
      const count = `${String(done).padStart(width)}/${total}`;
      const head = `[${count}] ${verdictTag(result.verdict, colors)} ${caseLabel(result, repeated)} (${formatMs(result.durationMs)}${simulationNote(result)})`;
      // The first thing that went wrong stays on the line (greppable); any more follow, indented.
      const [first, ...more] = result.verdict === 'passed' ? [] : detailLines(result, '', redact);
      const lines = [first === undefined ? head : `${head}  ${first}`, ...more.map((line) => `    ${line}`)];
      stream.write(`${lines.join('\n')}\n`);
    },
    note: (text) => stream.write(`${text}\n`),
    stop: () => undefined,
  };
}

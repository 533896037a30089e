/** Where a command writes: stdout for results, stderr for progress and problems. */
export interface CliIO {
  /** A line (or lines) on stdout. */
  out(text: string): void;
  /** A line (or lines) on stderr. */
  err(text: string): void;
  /** stderr is a terminal: progress may redraw a bar. */
  readonly errIsTTY: boolean;
  /** stdout is a terminal: the summary may be coloured. @default false */
  readonly outIsTTY?: boolean;
  readonly stderr: NodeJS.WriteStream;
}

/** The process's own streams. */
export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    errIsTTY: Boolean(process.stderr.isTTY),
    outIsTTY: Boolean(process.stdout.isTTY),
    stderr: process.stderr,
  };
}

/** Exits once both streams have handed over what was written, so a piped summary is never cut. */
export function flushAndExit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

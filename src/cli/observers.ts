import type { InspectionEvent } from 'xstate';
import { CliExit, EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';

type Inspect = (event: InspectionEvent) => void;

/** src/observe/inspect.ts, as the run command uses it. */
interface InspectModule {
  startInspector(): Promise<{ inspect: Inspect; url: string; stop(): Promise<void> }>;
}
/** src/observe/trace.ts, as the run command uses it. */
interface TraceModule {
  createTraceWriter(path: string): { inspect: Inspect; close(): void };
}

/** What `--inspect` and `--trace` add to a run: one inspect callback, and how to wind them down. */
export interface Observers {
  inspect: Inspect | undefined;
  /** The inspector page, with `--inspect`. */
  inspectorUrl: string | null;
  /** Stops the inspector and closes the trace; a failure is a warning on stderr, not an exit. */
  close(): Promise<void>;
}

/**
 * Imports an optional module by a computed specifier, so this file compiles and every other
 * command works even when the module is absent from a build.
 */
async function importOptional<T>(specifier: string, flag: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliExit(EXIT.failed, `${flag} is not available in this build (${detail})`);
  }
}

/** Starts what `--inspect` and `--trace` ask for, and prints where to look. */
export async function startObservers(options: { inspect?: boolean; trace?: string }, io: CliIO): Promise<Observers> {
  const sinks: Inspect[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  let inspectorUrl: string | null = null;
  try {
    if (options.trace !== undefined) {
      const { createTraceWriter } = await importOptional<TraceModule>('../observe/trace.js', '--trace');
      const writer = createTraceWriter(options.trace);
      sinks.push(writer.inspect);
      closers.push(() => writer.close());
      io.err(`Tracing every actor event to ${options.trace}`);
    }
    if (options.inspect) {
      const { startInspector } = await importOptional<InspectModule>('../observe/inspect.js', '--inspect');
      const inspector = await startInspector();
      sinks.push(inspector.inspect);
      closers.push(() => inspector.stop());
      inspectorUrl = inspector.url;
      io.err(`Inspector: open ${inspector.url} to watch the actors live`);
    }
  } catch (error) {
    await closeAll(closers, io);
    throw error;
  }
  return { inspect: fanOut(sinks), inspectorUrl, close: () => closeAll(closers, io) };
}

function fanOut(sinks: Inspect[]): Inspect | undefined {
  if (sinks.length === 0) return undefined;
  if (sinks.length === 1) return sinks[0];
  return (event) => {
    for (const sink of sinks) sink(event);
  };
}

/**
 * Closes in reverse order of opening; one failing closer does not keep the others open, and a
 * failure (a trace line that could not be written) is reported without changing the run's outcome.
 */
async function closeAll(closers: Array<() => Promise<void> | void>, io: CliIO): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (error) {
      io.err(`warning: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
}

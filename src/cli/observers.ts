import type { InspectionEvent } from 'xstate';
import type { CliIO } from './io.js';

type Inspect = (event: InspectionEvent) => void;

/** What `--inspect` and `--trace` add to a run: one inspect callback, and how to wind them down. */
export interface Observers {
  inspect: Inspect | undefined;
  /** The inspector page, with `--inspect`. */
  inspectorUrl: string | null;
  /** Stops the inspector and closes the trace; a failure is a warning on stderr, not an exit. */
  close(): Promise<void>;
}

/** Starts what `--inspect` and `--trace` ask for, and prints where to look. */
export async function startObservers(options: { inspect?: boolean; trace?: string }, io: CliIO): Promise<Observers> {
  const sinks: Inspect[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  let inspectorUrl: string | null = null;
  try {
    if (options.trace !== undefined) {
      // Loaded only when asked for, so a plain run starts no faster or slower for their existence.
      const { createTraceWriter } = await import('../observe/trace.js');
      const writer = createTraceWriter(options.trace);
      sinks.push(writer.inspect);
      closers.push(() => writer.close());
      io.err(`Tracing every actor event to ${options.trace}`);
    }
    if (options.inspect) {
      const { startInspector } = await import('../observe/inspect.js');
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

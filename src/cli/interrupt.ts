import { flushAndExit } from './io.js';
import { EXIT } from './exit-codes.js';

/**
 * Turns the first SIGINT into an abort (the command winds down and reports), and a second one into
 * an immediate exit 130, for a user who does not want to wait for the wind-down (`beforeExit` runs
 * first, e.g. to finish a progress bar).
 * @returns a function that removes the handler.
 */
export function abortOnInterrupt(controller: AbortController, onFirst?: () => void, beforeExit?: () => void): () => void {
  const handler = (): void => {
    if (controller.signal.aborted) {
      // The bar's last state is drawn on its own line before the process goes.
      beforeExit?.();
      return flushAndExit(EXIT.interrupted);
    }
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** Resolves on the first SIGINT or SIGTERM (for commands that run until stopped). */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

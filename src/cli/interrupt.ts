import { flushAndExit } from './io.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** The signals that stop a command: Ctrl-C, and what CI timeouts and `kill` send. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report them). */
export function interruptedExit(signal: AbortSignal): ExitCode {
  return signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort whose reason is the signal's name (the command
 * winds down and reports), and a second one into an immediate exit, for a user who does not want
 * to wait for the wind-down (`beforeExit` runs first, e.g. to finish a progress bar).
 * @returns a function that removes the handlers.
 */
export function abortOnInterrupt(
  controller: AbortController,
  onFirst?: (signal: NodeJS.Signals) => void,
  beforeExit?: () => void,
): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      // The bar's last state is drawn on its own line before the process goes.
      beforeExit?.();
      return flushAndExit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
    }
    onFirst?.(signal);
    controller.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
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

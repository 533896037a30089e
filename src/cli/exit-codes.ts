/** The CLI's exit codes (README "CLI"). */
export const EXIT = {
  /** Every simulation passed; probe got a reply; a command finished normally. */
  ok: 0,
  /** A simulation failed or errored; probe got no reply; an unexpected error. */
  failed: 1,
  /** Bad usage or an invalid file. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2, as shells report it). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), e.g. a CI job's timeout: wound down like an interrupt. */
  terminated: 143,
} as const;

/** One of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Ends a command with a message for the user and an exit code, without a stack trace: the top
 * level prints `message` (already worded for people) on stderr and exits with `code`.
 */
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** Bad usage: a wrong flag value, a missing file, a port in use... Exit 2. */
export function usageError(message: string): CliExit {
  return new CliExit(EXIT.usage, message);
}

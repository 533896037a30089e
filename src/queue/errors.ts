import type { RunSummary } from '../engine/summary.js';
import { describeThrown } from '../errors.js';
import { maskRedisUrl, scrubQueueSecrets } from './redis-url.js';

/**
 * What went wrong with the queue itself, for programs: thrown by `--queue` runs and workers, never
 * found in a simulation result (whose codes are `ErrorCode`).
 */
export type QueueErrorCode = 'queue-url-invalid' | 'queue-unreachable' | 'queue-lost';

/**
 * The queue's Redis could not be reached (or refused us). The CLI exits 2 with its message,
 * which names the URL with its password masked.
 */
export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
  readonly code: QueueErrorCode = 'queue-unreachable';
  constructor(url: string, cause: unknown) {
    super(`Cannot reach the queue at ${maskRedisUrl(url)}: ${scrubQueueSecrets(describeThrown(cause), url)}`);
  }
}

/**
 * The run lost its queue's Redis and it did not come back within `lostAfterMs`: the run ended
 * there, with the results that had come (`summary`). The CLI prints their summary, then exits 2
 * with its message (password masked).
 */
export class QueueLostError extends Error {
  override name = 'QueueLostError';
  readonly code: QueueErrorCode = 'queue-lost';
  readonly counts: { reported: number; planned: number };
  constructor(
    url: string,
    why: string,
    lostAfterMs: number,
    readonly summary: RunSummary,
    planned: number,
  ) {
    const counts = { reported: summary.total, planned };
    const missing = counts.planned - counts.reported;
    super(
      `Lost the queue at ${maskRedisUrl(url)}: no answer for ${lostAfterMs / 1000} s (${scrubQueueSecrets(why, url)}). ` +
        `${counts.reported} of ${counts.planned} simulations reported; ${missing} have no result.`,
    );
    this.counts = counts;
  }
}

/** A problem with the `--queue` URL itself (not a redis:// URL, no host). */
export class QueueUrlError extends Error {
  override name = 'QueueUrlError';
  readonly code: QueueErrorCode = 'queue-url-invalid';
}

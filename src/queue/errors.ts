import type { RunSummary } from '../engine/summary.js';
import { maskRedisUrl, scrubQueueSecrets } from './redis-url.js';

/**
 * The queue's Redis could not be reached (or refused us). The CLI exits 2 with its message,
 * which names the URL with its password masked.
 */
export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
  constructor(url: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot reach the queue at ${maskRedisUrl(url)}: ${scrubQueueSecrets(why, url)}`);
  }
}

/**
 * The run lost its queue's Redis and it did not come back within `lostAfterMs`: the run ended
 * there, with the results that had come (`summary`). The CLI prints their summary, then exits 2
 * with its message (password masked).
 */
export class QueueLostError extends Error {
  override name = 'QueueLostError';
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
}

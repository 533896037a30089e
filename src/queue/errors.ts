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

/** A problem with the `--queue` URL itself (not a redis:// URL, no host). */
export class QueueUrlError extends Error {
  override name = 'QueueUrlError';
}

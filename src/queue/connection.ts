import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnreachableError, QueueUrlError } from './errors.js';
import { inParleyWords, rewordRedisWarnings } from './library-texts.js';
import { redisUrlProblem, scrubQueueSecrets } from './redis-url.js';
import { describeThrown } from '../errors.js';

/** How to reach the queue's Redis. */
export interface QueueConnection {
  /** `redis://[:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  url: string;
  /**
   * More ioredis options, passed through (e.g. `tls: { ca }` for a private certificate authority
   * on `rediss://`; from the CLI, Node's `NODE_EXTRA_CA_CERTS` does the same). @default {}
   */
  redis?: RedisOptions;
}

/** How long to try before a queue counts as unreachable. */
export const REACH_TIMEOUT_MS = 3000;

/** Checks the URL's form; throws {@link QueueUrlError} with a masked message. */
export function checkQueueUrl(url: string): void {
  const problem = redisUrlProblem(url);
  if (problem) throw new QueueUrlError(problem);
}

/**
 * A Redis client for BullMQ. BullMQ needs `maxRetriesPerRequest: null` on connections that block
 * (workers, queue events); a client of a submitting run fails fast instead.
 */
export function openRedis(connection: QueueConnection, options: { blocking: boolean }): Redis {
  rewordRedisWarnings();
  const redis = new Redis(connection.url, {
    ...(options.blocking ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 3 }),
    ...connection.redis,
  });
  // Without a listener ioredis prints every reconnect error itself; BullMQ reports what matters.
  redis.on('error', () => {});
  return redis;
}

/**
 * Resolves once the queue's Redis answers a PING; rejects with {@link QueueUnreachableError}
 * (password masked) within about {@link REACH_TIMEOUT_MS}, whatever is wrong: refused, DNS, TLS,
 * a wrong password, or a host that never answers.
 */
export async function assertQueueReachable(connection: QueueConnection, timeoutMs = REACH_TIMEOUT_MS): Promise<void> {
  checkQueueUrl(connection.url);
  rewordRedisWarnings();
  const redis = new Redis(connection.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...connection.redis,
  });
  let lastError: unknown = null;
  redis.on('error', (error: unknown) => (lastError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new QueueUnreachableError(connection.url, lastError ?? error);
  } finally {
    redis.disconnect();
  }
}

/** An error from Redis or BullMQ as one line without the queue's secrets. */
export function describeQueueError(error: unknown, connection: QueueConnection): string {
  return scrubQueueSecrets(inParleyWords(describeThrown(error)), connection.url);
}

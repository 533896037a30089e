import { ensureAgentConfig } from '../config/ensure.js';
import type { AgentConfig, TestSet } from '../config/types.js';
import { runTestSet, wholeNumber, type RunOptions } from '../engine/run.js';
import type { RunSummary } from '../engine/summary.js';
import { QueueClient } from './client.js';
import { assertQueueReachable, type QueueConnection } from './connection.js';
import { givenOptions } from './defined.js';
import { QueueLostError } from './errors.js';
import { DEFAULT_QUEUE_NAME } from './names.js';
import { packAgent } from './payload.js';
import { queueSupervisorMachine } from './provided.js';

/** Options of {@link runOnQueue}: those of a local run, and where the queue is. */
export interface QueueRunOptions extends RunOptions, QueueConnection {
  /** @default 'parley' */
  queueName?: string;
  /**
   * The global cap: most simulations of this queue running at once across every worker, enforced
   * by BullMQ inside Redis. Runs sharing a queue share it (the last run to start sets it). @default 8
   */
  concurrency?: number;
  /** How often results still awaited are looked up in Redis besides the event stream (ms). @default 2000 */
  reconcileMs?: number;
  /** After a cancel, how long running simulations have to report before they count as cancelled (ms). @default 10000 */
  cancelGraceMs?: number;
  /**
   * How long Redis may stay away mid-run (a restart, a failover) before the run gives up on the
   * queue and rejects with {@link QueueLostError}, keeping the results that came (ms). @default 30000
   */
  lostAfterMs?: number;
}

const DEFAULTS = { queueName: DEFAULT_QUEUE_NAME, concurrency: 8, reconcileMs: 2000, cancelGraceMs: 10_000, lostAfterMs: 30_000 } as const;

/**
 * How many of a run's simulations are in the queue at once: twice the cap, so a free slot never
 * waits for a submit, yet a huge run does not fill Redis (SIGINT withdraws the ones waiting).
 */
const WINDOW_PER_SLOT = 2;

/**
 * Runs a test set on workers (`parley worker`) through a BullMQ queue (README "Running on many machines"). Same results,
 * summary and callbacks as {@link runTestSet}; the same supervisor statechart drives the run.
 * @throws QueueUnreachableError when Redis does not answer within a few seconds.
 * @throws QueueLostError when Redis goes away mid-run and stays away `lostAfterMs`.
 */
export async function runOnQueue(
  config: AgentConfig | Record<string, unknown>,
  testSet: TestSet,
  options: QueueRunOptions,
): Promise<RunSummary> {
  const agent = ensureAgentConfig(config);
  const settings = { ...DEFAULTS, ...givenOptions(DEFAULTS, options) };
  const connection: QueueConnection = { url: options.url, ...(options.redis ? { redis: options.redis } : {}) };
  const cap = wholeNumber('concurrency', settings.concurrency);
  await assertQueueReachable(connection);
  const client = await QueueClient.open(
    {
      ...connection,
      queueName: settings.queueName,
      reconcileMs: settings.reconcileMs,
      cancelGraceMs: settings.cancelGraceMs,
      lostAfterMs: settings.lostAfterMs,
      ...(options.maxPayload ? { maxPayload: options.maxPayload } : {}),
    },
    packAgent(agent),
    testSet,
  );
  try {
    await client.setCap(cap);
    const summary = await runTestSet(agent, testSet, {
      ...options,
      // A lost queue ends the run as an interrupt does: nothing new starts, nothing more comes.
      signal: options.signal ? AbortSignal.any([options.signal, client.lost]) : client.lost,
      concurrency: cap * WINDOW_PER_SLOT,
      supervisor: queueSupervisorMachine(client),
    });
    if (client.lost.aborted) {
      const planned = testSet.cases.length * wholeNumber('repeat', options.repeat ?? 1);
      throw new QueueLostError(connection.url, String(client.lost.reason), settings.lostAfterMs, summary, planned);
    }
    return summary;
  } finally {
    await client.close();
  }
}

import type { TestSet, AgentConfig } from '../config/types.js';
import { runTestSet, type RunOptions } from '../engine/run.js';
import type { RunSummary } from '../engine/summary.js';
import type { QueueFlags } from './queue-options.js';
import { CliExit, EXIT, usageError } from './exit-codes.js';
import type { CliIO } from './io.js';
import { describeThrown } from '../errors.js';

export type Runner = (config: AgentConfig, testSet: TestSet, options: RunOptions) => Promise<RunSummary>;

/**
 * Ends the command with exit 2 and `Cannot reach the queue at …` (password masked) when the run
 * names a queue that does not answer within a few seconds; checked before anything is written.
 * Otherwise says where the run goes, and when no worker listens there yet, how to start one.
 */
export async function checkQueue(flags: QueueFlags & { concurrency: number }, io: CliIO): Promise<void> {
  if (!flags.queue) return;
  const [{ assertQueueReachable }, { countWorkers }, { maskRedisUrl }] = await Promise.all([
    import('../queue/connection.js'),
    import('../queue/workers.js'),
    import('../queue/redis-url.js'),
  ]);
  const connection = { url: flags.queue };
  try {
    await assertQueueReachable(connection);
  } catch (error) {
    throw usageError(describeThrown(error));
  }
  const where = `queue "${flags.queueName}" at ${maskRedisUrl(flags.queue)}`;
  io.err(`Running on the ${where}, at most ${flags.concurrency} simulations at once across its workers`);
  if ((await countWorkers(connection, flags.queueName)) === 0) {
    io.err(`No worker is listening yet: simulations wait until one starts (parley worker --queue <url> --queue-name ${flags.queueName})`);
  }
}

/**
 * The queue was lost mid-run (README "Running on many machines"): the command prints the summary of the results that came
 * (`summary`), then exits 2 with the message.
 */
export class QueueLostExit extends CliExit {
  override name = 'QueueLostExit';
  constructor(
    message: string,
    readonly summary: RunSummary,
  ) {
    super(EXIT.usage, message);
  }
}

/** A local run, or, with `--queue`, the same run on workers (README "Running on many machines"). */
export async function runnerFor(flags: QueueFlags & { queueTimeout: number }): Promise<Runner> {
  const url = flags.queue;
  if (!url) return runTestSet;
  // Loaded only for queue runs: a local run does not pay for BullMQ.
  const [{ runOnQueue }, { QueueLostError }] = await Promise.all([import('../queue/run.js'), import('../queue/errors.js')]);
  return async (config, testSet, options) => {
    try {
      return await runOnQueue(config, testSet, { ...options, url, queueName: flags.queueName, lostAfterMs: flags.queueTimeout * 1000 });
    } catch (error) {
      // As when it cannot be reached at the start (README "Running on many machines"): exit 2, the results that came kept.
      if (error instanceof QueueLostError) throw new QueueLostExit(error.message, error.summary);
      throw error;
    }
  };
}

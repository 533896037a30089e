import type { TestSet, AgentConfig } from '../config/types.js';
import { runTestSet, type RunOptions } from '../engine/run.js';
import type { RunSummary } from '../engine/summary.js';
import type { QueueFlags } from './queue-options.js';
import { usageError } from './exit-codes.js';

type Runner = (config: AgentConfig, testSet: TestSet, options: RunOptions) => Promise<RunSummary>;

/**
 * Ends the command with exit 2 and `Cannot reach the queue at …` (password masked) when the run
 * names a queue that does not answer within a few seconds; checked before anything is written.
 */
export async function checkQueue(flags: QueueFlags): Promise<void> {
  if (!flags.queue) return;
  const { assertQueueReachable } = await import('../queue/connection.js');
  try {
    await assertQueueReachable({ url: flags.queue });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
}

/** A local run, or, with `--queue`, the same run on workers (SPEC §12). */
export async function runnerFor(flags: QueueFlags): Promise<Runner> {
  const url = flags.queue;
  if (!url) return runTestSet;
  // Loaded only for queue runs: a local run does not pay for BullMQ.
  const { runOnQueue } = await import('../queue/run.js');
  return (config, testSet, options) => runOnQueue(config, testSet, { ...options, url, queueName: flags.queueName });
}

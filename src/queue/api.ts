/**
 * The queue's library entry points, loaded on first use: BullMQ and ioredis take about half a
 * second to import, which `import { connect } from '@parley-dev/parley'` should not pay.
 */
import type { AgentConfig, TestSet } from '../config/types.js';
import type { RunSummary } from '../engine/summary.js';
import type { QueueRunOptions } from './run.js';
import type { ParleyWorker, WorkerOptions } from './worker.js';

/** {@link import('./run.js').runOnQueue}: a test set on `parley worker`s through a queue (README "Running on many machines"). */
export async function runOnQueue(config: AgentConfig | Record<string, unknown>, testSet: TestSet, options: QueueRunOptions): Promise<RunSummary> {
  const queue = await import('./run.js');
  return queue.runOnQueue(config, testSet, options);
}

/** {@link import('./worker.js').startWorker}: runs simulations from a queue until closed. */
export async function startWorker(options: WorkerOptions): Promise<ParleyWorker> {
  const worker = await import('./worker.js');
  return worker.startWorker(options);
}

import type { AgentConfig, TestSet } from '../config/types.js';
import type { StartSimulation } from '../load/driver.js';
import type { LoadModel } from '../load/pace.js';
import { usageError } from './exit-codes.js';
import type { LoadFlags } from './flags/load.js';

/** How `parley load` starts its simulations: here (nothing to set up), or as jobs on a queue. */
export interface LoadStarter {
  /** Calls `load` with the queue's starter (none: local), and closes the queue after. */
  run<T>(load: (start: StartSimulation | undefined) => Promise<T>): Promise<T>;
  /** Aborted when the queue's Redis is lost mid-run. */
  signal?: AbortSignal;
}

/** How often awaited jobs are looked up besides the event stream, and the cancel grace (as `run`). */
const QUEUE_TIMINGS = { reconcileMs: 2000, cancelGraceMs: 10_000 } as const;

/**
 * With `--queue` (README "Load testing"): this process paces the arrivals and each simulation runs as a job on
 * the workers; the queue's cap is the users (or `--max-users`), so every arrival starts at once.
 */
export async function loadStarter(agent: AgentConfig, testSet: TestSet, flags: LoadFlags, model: LoadModel): Promise<LoadStarter> {
  const url = flags.queue;
  if (!url) return { run: (load) => load(undefined) };
  // Loaded only for queue runs: a local run does not pay for BullMQ.
  const [{ QueueClient }, { packAgent }, { queueSupervisorMachine }, { supervisedStarter }] = await Promise.all([
    import('../queue/client.js'),
    import('../queue/payload.js'),
    import('../queue/provided.js'),
    import('../load/starters.js'),
  ]);
  const lostAfterMs = flags.queueTimeout * 1000;
  const client = await QueueClient.open({ url, queueName: flags.queueName, lostAfterMs, ...QUEUE_TIMINGS }, packAgent(agent), testSet);
  await client.setCap(model.kind === 'users' ? model.users : flags.maxUsers);
  return {
    signal: client.lost,
    run: async (load) => {
      try {
        const outcome = await load(supervisedStarter(agent, testSet, queueSupervisorMachine(client)));
        if (client.lost.aborted) throw usageError(`Lost the queue: no answer for ${flags.queueTimeout} s; the results that came are kept.`);
        return outcome;
      } finally {
        await client.close();
      }
    },
  };
}

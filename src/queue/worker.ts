import { Worker, type Job as BullJob } from 'bullmq';
import { createActor, toPromise } from 'xstate';
import type { SimulationResult } from '../../machines/types.js';
import { liveSimulationMachine } from '../engine/provided.js';
import { loadTransport } from '../transport/transport-actor.js';
import { simulationFactory } from '../engine/run.js';
import { assertQueueReachable, describeQueueError, openRedis, type QueueConnection } from './connection.js';
import { givenOptions } from './defined.js';
import { DEFAULT_QUEUE_NAME } from './names.js';
import type { SimulationJobData } from './payload.js';
import { quietLog } from './quiet-log.js';
import { RunCancels } from './run-cancels.js';
import { JobUnpacker } from './unpack.js';

/** Options of {@link startWorker}; each default is applied once, here. */
export interface WorkerOptions extends QueueConnection {
  /** @default 'parley' */
  queueName?: string;
  /** Most simulations this worker runs at once (the run's cap bounds all workers together). @default 8 */
  concurrency?: number;
  /**
   * How long a worker's hold on a simulation lasts without renewal (renewed every half of it).
   * A worker that dies is noticed after this, plus up to two stall checks. @default 20
   */
  lockSeconds?: number;
  /** How often this worker looks for simulations whose worker died. @default 15 */
  stallCheckSeconds?: number;
  /** Told about problems (Redis errors, a simulation that crashed), secrets masked. */
  onLog?: (line: string) => void;
}

export const WORKER_DEFAULTS = { queueName: DEFAULT_QUEUE_NAME, concurrency: 8, lockSeconds: 20, stallCheckSeconds: 15 } as const;

/** A running worker. */
export interface ParleyWorker {
  /** Simulations running now. */
  readonly running: number;
  /** Takes no new simulation, waits for the running ones to finish, then disconnects. */
  close(): Promise<void>;
}

/**
 * Runs simulations from the queue until closed (README "Running on many machines"). A simulation lost with its worker is
 * run again once by BullMQ's stall detection (`maxStalledCount: 1`); lost twice, BullMQ fails
 * its job and the run reports `worker-lost`.
 * @throws QueueUnreachableError when Redis does not answer within a few seconds.
 */
export async function startWorker(options: WorkerOptions): Promise<ParleyWorker> {
  const settings = { ...WORKER_DEFAULTS, ...givenOptions(WORKER_DEFAULTS, options) };
  await assertQueueReachable(options);
  const log = quietLog((line) => options.onLog?.(line));
  const connection = openRedis(options, { blocking: true });
  const subscriber = openRedis(options, { blocking: true });
  const cancels = new RunCancels(subscriber, connection, settings.queueName);
  await cancels.start();
  const unpacker = new JobUnpacker();
  let running = 0;

  const processJob = async (job: BullJob<SimulationJobData>): Promise<SimulationResult> => {
    running++;
    try {
      return await runSimulation(job.data, unpacker, cancels);
    } finally {
      running--;
    }
  };
  const worker = new Worker<SimulationJobData, SimulationResult>(settings.queueName, processJob, {
    connection,
    concurrency: settings.concurrency,
    lockDuration: settings.lockSeconds * 1000,
    stalledInterval: settings.stallCheckSeconds * 1000,
    maxStalledCount: 1,
  });
  worker.on('error', (error) => log(`Queue error: ${describeQueueError(error, options)}`));
  worker.on('failed', (job, error) => {
    if (job) log(`Simulation ${job.data.testSet.cases[0]?.id}#${job.data.iteration} failed: ${describeQueueError(error, options)}`);
  });
  await worker.waitUntilReady();

  return {
    get running() {
      return running;
    },
    close: async () => {
      await worker.close();
      await Promise.allSettled([subscriber.quit(), connection.quit()]);
      unpacker.close();
    },
  };
}

/** One simulation, exactly as a local run would run it; a run cancel stops it like a local SIGINT. */
async function runSimulation(data: SimulationJobData, unpacker: JobUnpacker, cancels: RunCancels): Promise<SimulationResult> {
  const config = unpacker.config(data);
  await loadTransport(config);
  const planOptions = data.maxPayload ? { maxPayload: data.maxPayload } : {};
  const create = simulationFactory(config, data.testSet, planOptions);
  const actor = createActor(liveSimulationMachine, {
    input: create({ caseIndex: 0, caseId: data.testSet.cases[0]!.id, iteration: data.iteration }),
  });
  const result = toPromise(actor);
  actor.start();
  const release = await cancels.track(data.runId, () => actor.send({ type: 'sim.cancel' }));
  try {
    return await result;
  } finally {
    release();
  }
}

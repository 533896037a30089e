import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SimulationInput } from '../../machines/types.js';
import type { TestSet } from '../config/types.js';
import { openRedis, type QueueConnection } from './connection.js';
import { UNREPORTED_CANCEL } from './failed-result.js';
import { CANCELLED_TTL_SECONDS, JOB_NAME, cancelChannel, cancelledKey, jobIdOf } from './names.js';
import { oneCaseOf, type PackedAgent, type SimulationJobData } from './payload.js';
import { ResultCollector, type JobOutcome } from './results.js';

/** Settings of one run's queue client. */
export interface QueueClientSettings extends QueueConnection {
  queueName: string;
  /** How often awaited jobs are looked up in Redis besides the event stream. */
  reconcileMs: number;
  /** How long a cancelled run waits for its running simulations to report before giving up on them. */
  cancelGraceMs: number;
  /** Largest agent frame accepted, in bytes, passed to the workers. */
  maxPayload?: number;
}

/** Job states in which a job has not started, so withdrawing it loses nothing. */
const NOT_STARTED = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);
/** How long a finished job stays in Redis after its run, for a late reconcile or a look by hand. */
const KEEP_FINISHED = { age: 60 * 60 };

/**
 * One run's side of the queue: submits each simulation as a job, awaits its outcome, and
 * withdraws or cancels them when the run is interrupted.
 */
export class QueueClient {
  readonly runId = randomUUID();
  private readonly caseIndex: Map<string, number>;
  private cancelling: Promise<void> | null = null;

  private constructor(
    private readonly settings: QueueClientSettings,
    private readonly packed: PackedAgent,
    private readonly testSet: TestSet,
    private readonly redis: Redis,
    /** Every Redis client made here: BullMQ closes only the copies it makes of them. */
    private readonly clients: Redis[],
    private readonly queue: Queue<SimulationJobData>,
    private readonly events: QueueEvents,
    private readonly results: ResultCollector,
  ) {
    this.caseIndex = new Map(testSet.cases.map((testCase, index) => [testCase.id, index]));
  }

  /** Connects (the caller has checked that Redis answers) and starts listening for results. */
  static async open(settings: QueueClientSettings, packed: PackedAgent, testSet: TestSet): Promise<QueueClient> {
    const redis = openRedis(settings, { blocking: false });
    const queue = new Queue<SimulationJobData>(settings.queueName, { connection: redis });
    queue.on('error', () => {});
    const eventsRedis = openRedis(settings, { blocking: true });
    const events = new QueueEvents(settings.queueName, { connection: eventsRedis });
    events.on('error', () => {});
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const results = new ResultCollector(queue, events);
    results.start(settings.reconcileMs);
    return new QueueClient(settings, packed, testSet, redis, [redis, eventsRedis], queue, events, results);
  }

  /** Sets the queue-wide cap, which BullMQ enforces atomically in Redis for every worker. */
  async setCap(cap: number): Promise<void> {
    await this.queue.setGlobalConcurrency(cap);
  }

  /** Submits one simulation and resolves with its outcome. */
  async run(input: SimulationInput): Promise<JobOutcome> {
    const caseIndex = this.caseIndex.get(input.caseId)!;
    const jobId = jobIdOf(this.runId, caseIndex, input.iteration);
    const outcome = this.results.expect(jobId, { caseId: input.caseId, iteration: input.iteration });
    const data: SimulationJobData = {
      runId: this.runId,
      ...this.packed,
      testSet: oneCaseOf(this.testSet, caseIndex),
      caseIndex,
      iteration: input.iteration,
      ...(this.settings.maxPayload ? { maxPayload: this.settings.maxPayload } : {}),
    };
    await this.queue.add(JOB_NAME, data, { jobId, removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED });
    this.results.stored(jobId);
    return outcome;
  }

  /**
   * The run was interrupted (the supervisor sends every simulation `sim.cancel`): once for the
   * whole run, jobs that have not started are removed (their outcome is null), then the running
   * ones are cancelled by their workers, which hear the run's cancel announcement.
   */
  async withdraw(input: SimulationInput): Promise<void> {
    const jobId = jobIdOf(this.runId, this.caseIndex.get(input.caseId)!, input.iteration);
    // First, so an interrupted run ends even when Redis is gone and nothing below gets through.
    setTimeout(() => void this.giveUp(jobId), this.settings.cancelGraceMs).unref();
    await (this.cancelling ??= this.cancelRun());
  }

  async close(): Promise<void> {
    this.results.stop();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.allSettled(this.clients.map((client) => client.quit()));
  }

  /**
   * Removes before it announces: announced first, the cancelled simulations would free their
   * slots at once and waiting ones would start (only to be cancelled) before they were removed.
   */
  private async cancelRun(): Promise<void> {
    await Promise.all(this.results.awaited().map((jobId) => this.removeIfWaiting(jobId)));
    const { queueName } = this.settings;
    await this.redis.set(cancelledKey(queueName, this.runId), '1', 'EX', CANCELLED_TTL_SECONDS);
    await this.redis.publish(cancelChannel(queueName), this.runId);
  }

  private async removeIfWaiting(jobId: string): Promise<void> {
    const state = await this.queue.getJobState(jobId);
    // remove() refuses a job a worker holds the lock of, so a job that just started stays.
    if (NOT_STARTED.has(state) && (await this.queue.remove(jobId)) === 1) this.results.settle(jobId, null);
  }

  /** A cancelled job whose worker never answered (it died too): one last look, then `cancelled`. */
  private async giveUp(jobId: string): Promise<void> {
    if (!this.results.isPending(jobId)) return;
    await this.results.lookUp(jobId).catch(() => {});
    this.results.settleWithout(jobId, UNREPORTED_CANCEL);
  }
}

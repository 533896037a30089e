import { randomUUID } from 'node:crypto';
import { isNotConnectionError, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SimulationInput } from '../../machines/types.js';
import type { TestSet } from '../config/types.js';
import { describeQueueError, openRedis, type QueueConnection } from './connection.js';
import { internalError } from '../errors.js';
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
  /** How long Redis may stay away before the run counts the queue as lost. */
  lostAfterMs: number;
}

/** What `QueueClient.open` connects and builds, handed to the client in one piece. */
interface QueueClientParts {
  settings: QueueClientSettings;
  packed: PackedAgent;
  testSet: TestSet;
  redis: Redis;
  clients: Redis[];
  queue: Queue<SimulationJobData>;
  events: QueueEvents;
  results: ResultCollector;
}

/** Job states in which a job has not started, so withdrawing it loses nothing. */
const NOT_STARTED = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);
const NO_ANSWER = 'it did not answer';
/** How often the run asks Redis whether it is there, at most. */
const HEARTBEAT_MS = 1000;

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
  private readonly lostController = new AbortController();
  /** Aborted, with why as its reason, once Redis has been away for `lostAfterMs`. */
  readonly lost: AbortSignal = this.lostController.signal;
  private heartbeat: NodeJS.Timeout | null = null;
  /** When Redis last answered (ms, the wall clock). */
  private answeredAt = Date.now();
  /** Why it does not answer now, as its client last said. */
  private problem = NO_ANSWER;

  private readonly settings: QueueClientSettings;
  private readonly packed: PackedAgent;
  private readonly testSet: TestSet;
  private readonly redis: Redis;
  /** Every Redis client made here: BullMQ closes only the copies it makes of them. */
  private readonly clients: Redis[];
  private readonly queue: Queue<SimulationJobData>;
  private readonly events: QueueEvents;
  private readonly results: ResultCollector;

  private constructor(parts: QueueClientParts) {
    this.settings = parts.settings;
    this.packed = parts.packed;
    this.testSet = parts.testSet;
    this.redis = parts.redis;
    this.clients = parts.clients;
    this.queue = parts.queue;
    this.events = parts.events;
    this.results = parts.results;
    this.caseIndex = new Map(parts.testSet.cases.map((testCase, index) => [testCase.id, index]));
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
    const client = new QueueClient({ settings, packed, testSet, redis, clients: [redis, eventsRedis], queue, events, results });
    client.watch();
    return client;
  }

  /**
   * ioredis reconnects on its own, so a Redis that restarts costs the run nothing. One that has
   * not answered a PING for `lostAfterMs` (closed, refusing, or hung with the socket open) loses
   * the queue: the jobs still awaited settle with no result, so the run ends instead of waiting
   * for results that can no longer reach it.
   */
  private watch(): void {
    const { lostAfterMs } = this.settings;
    this.redis.on('error', (error: unknown) => (this.problem = describeQueueError(error, this.settings)));
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.answeredAt > lostAfterMs) return this.lose();
      this.redis.ping().then(() => {
        this.answeredAt = Date.now();
        this.problem = NO_ANSWER;
      }, () => {});
    }, Math.min(HEARTBEAT_MS, lostAfterMs / 4));
  }

  private lose(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.results.settleAll(null);
    this.lostController.abort(this.problem);
  }

  /** Resolves true once Redis is back, false if the queue is lost first. */
  private backOnline(): Promise<boolean> {
    if (this.lost.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (online: boolean) => {
        this.redis.off('ready', onReady);
        this.lost.removeEventListener('abort', onLost);
        resolve(online);
      };
      const onReady = () => done(true);
      const onLost = () => done(false);
      this.redis.once('ready', onReady);
      this.lost.addEventListener('abort', onLost, { once: true });
    });
  }

  /** Sets the queue-wide cap, which BullMQ enforces atomically in Redis for every worker. */
  async setCap(cap: number): Promise<void> {
    await this.queue.setGlobalConcurrency(cap);
  }

  /** Submits one simulation and resolves with its outcome. */
  async run(input: SimulationInput): Promise<JobOutcome> {
    if (this.lost.aborted) return null;
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
    void this.submit(jobId, data);
    return outcome;
  }

  /**
   * Adds the job. Redis away for a moment: the add waits for it to be back (adding is idempotent
   * by job id); lost, the outcome has settled already. Refused by a Redis that is there: that job
   * is an `error` result.
   */
  private async submit(jobId: string, data: SimulationJobData): Promise<void> {
    for (;;) {
      try {
        await this.queue.add(JOB_NAME, data, { jobId, removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED });
        this.results.stored(jobId);
        return;
      } catch (error) {
        const lostConnection = error instanceof Error && (error.name === 'MaxRetriesPerRequestError' || !isNotConnectionError(error));
        if (!lostConnection) {
          this.results.settleWithout(jobId, internalError(`the queue refused the job: ${describeQueueError(error, this.settings)}`));
          return;
        }
        if (this.redis.status !== 'ready' && !(await this.backOnline())) return;
      }
    }
  }

  /**
   * The run was interrupted (the supervisor sends every simulation `sim.cancel`): once for the
   * whole run, jobs that have not started are removed (their outcome is null), then the running
   * ones are cancelled by their workers, which hear the run's cancel announcement.
   */
  async withdraw(input: SimulationInput): Promise<void> {
    // Lost: every awaited job has settled, and nothing would reach Redis.
    if (this.lost.aborted) return;
    const jobId = jobIdOf(this.runId, this.caseIndex.get(input.caseId)!, input.iteration);
    // First, so an interrupted run ends even when Redis is gone and nothing below gets through.
    setTimeout(() => void this.giveUp(jobId), this.settings.cancelGraceMs).unref();
    await (this.cancelling ??= this.cancelRun());
  }

  async close(): Promise<void> {
    this.results.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.lost.aborted) return this.drop();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.allSettled(this.clients.map((client) => client.quit()));
  }

  /**
   * A lost queue cannot hear QUIT, and ioredis keeps a command sent while it reconnects pending
   * until Redis is back: nothing here waits for Redis. Disconnected, no client reconnects, so
   * nothing keeps the process alive; BullMQ's own copy is disconnected by its close.
   */
  private drop(): void {
    for (const client of this.clients) client.disconnect();
    void this.events.close().catch(() => {});
    void this.queue.close().catch(() => {});
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

import type { Queue, QueueEvents } from 'bullmq';
import type { SimulationResult } from '../../machines/types.js';
import { errorOfFailedJob, resultWithoutSimulation, type UnfinishedJob } from './failed-result.js';
import { internalError } from '../errors.js';

/** What a job came to: its simulation's result, or null when it was withdrawn before it started. */
export type JobOutcome = SimulationResult | null;

interface Pending extends UnfinishedJob {
  resolve: (outcome: JobOutcome) => void;
  /** Set once the job is in Redis, so a missing job means it vanished rather than not yet added. */
  stored: boolean;
}

/**
 * Collects a run's results. They stream in through BullMQ's queue events; every `reconcileMs`
 * (and once when listening starts) the jobs still awaited are also looked up in Redis, so a
 * result is never missed when the event stream was trimmed or heard late. Each job settles once:
 * whichever source comes first wins, the other is ignored.
 */
export class ResultCollector {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  start(reconcileMs: number): void {
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue as unknown as SimulationResult));
    // A failure event carries no start time: read the job, which has it.
    this.events.on('failed', ({ jobId }) => void this.lookUp(jobId));
    this.timer = setInterval(() => void this.reconcile(), reconcileMs);
    void this.reconcile();
  }

  /** Resolves with the outcome of job `jobId` (submitted by the caller right after). */
  expect(jobId: string, job: UnfinishedJob): Promise<JobOutcome> {
    return new Promise((resolve) => this.pending.set(jobId, { ...job, resolve, stored: false }));
  }

  /** The job is in Redis now. */
  stored(jobId: string): void {
    const pending = this.pending.get(jobId);
    if (pending) pending.stored = true;
  }

  /** The jobs still awaited. */
  awaited(): string[] {
    return [...this.pending.keys()];
  }

  isPending(jobId: string): boolean {
    return this.pending.has(jobId);
  }

  /** Settles a job with `outcome` unless it has already settled. */
  settle(jobId: string, outcome: JobOutcome): void {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    this.pending.delete(jobId);
    pending.resolve(outcome);
  }

  /** Settles a job without a result of its own, as an `error` built here. */
  settleWithout(jobId: string, error: SimulationResult['error'] & object): void {
    const pending = this.pending.get(jobId);
    if (pending) this.settle(jobId, resultWithoutSimulation(pending, error));
  }

  /** Settles every job still awaited with `outcome`. */
  settleAll(outcome: JobOutcome): void {
    for (const jobId of this.awaited()) this.settle(jobId, outcome);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Looks every awaited job up in Redis. */
  async reconcile(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((jobId) => this.lookUp(jobId)));
  }

  /** Settles `jobId` from what Redis holds, if it has finished. */
  async lookUp(jobId: string): Promise<void> {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    let job;
    try {
      job = await this.queue.getJob(jobId);
    } catch {
      return; // Redis is away for a moment: the next round tries again.
    }
    if (!job) {
      if (pending.stored && this.pending.has(jobId)) {
        this.settleWithout(jobId, internalError('the job disappeared from the queue'));
      }
      return;
    }
    if (!job.finishedOn) return;
    if (job.failedReason && !job.returnvalue) {
      const unfinished = { ...pending, ...(job.processedOn ? { processedOn: job.processedOn } : {}) };
      this.settle(jobId, resultWithoutSimulation(unfinished, errorOfFailedJob(job.failedReason)));
    } else {
      this.settle(jobId, job.returnvalue as SimulationResult);
    }
  }
}

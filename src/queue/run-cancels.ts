import type { Redis } from 'ioredis';
import { cancelChannel, cancelledKey } from './names.js';

/**
 * A worker's side of cancelling runs: it hears each run's cancel announcement and stops the
 * simulations it is running for that run. Checking the cancelled key after registering closes
 * the gap where a job starts just as its run is cancelled.
 */
export class RunCancels {
  private readonly running = new Map<string, Set<() => void>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly client: Redis,
    private readonly queueName: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, runId: string) => this.cancel(runId));
    await this.subscriber.subscribe(cancelChannel(this.queueName));
  }

  /**
   * Registers a running simulation of `runId`; `stop` is called when the run is cancelled (now,
   * if it already was). @returns a function that unregisters it.
   */
  async track(runId: string, stop: () => void): Promise<() => void> {
    let stops = this.running.get(runId);
    if (!stops) this.running.set(runId, (stops = new Set()));
    stops.add(stop);
    const release = () => {
      stops.delete(stop);
      if (stops.size === 0 && this.running.get(runId) === stops) this.running.delete(runId);
    };
    // Redis away for a moment: run on; the announcement still reaches this worker when it returns.
    const cancelled = await this.client.exists(cancelledKey(this.queueName, runId)).catch(() => 0);
    if (cancelled === 1) stop();
    return release;
  }

  private cancel(runId: string): void {
    for (const stop of this.running.get(runId) ?? []) stop();
  }
}

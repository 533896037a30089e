import type { DemoAgentStats } from './types.js';

/** Connection counts and per-connection frame logs of one demo agent. */
export class ConnectionTracker {
  private open = 0;
  private peak = 0;
  private total = 0;
  private readonly logs: unknown[][] = [];

  /** Counts a new connection and returns the log its inbound frames go to. */
  opened(): unknown[] {
    this.open += 1;
    this.total += 1;
    this.peak = Math.max(this.peak, this.open);
    const log: unknown[] = [];
    this.logs.push(log);
    return log;
  }

  /** Counts a connection's end. */
  closed(): void {
    this.open -= 1;
  }

  /** A snapshot of the counts. */
  stats(): DemoAgentStats {
    return { open: this.open, peak: this.peak, total: this.total };
  }

  /** Copies of the logs, so callers cannot disturb the live ones. */
  received(): unknown[][] {
    return this.logs.map((log) => [...log]);
  }
}

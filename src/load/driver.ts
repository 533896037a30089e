import type { Job, SimulationResult } from '../../machines/types.js';
import { nextArrivalMs, userStartMs, type LoadModel, type RateModel } from './pace.js';

/** Runs one simulation and resolves with its result (null: withdrawn from a queue before it started); aborting `signal` ends it `cancelled`. */
export type StartSimulation = (job: Job, signal: AbortSignal) => Promise<SimulationResult | null>;

/** Options of {@link driveLoad}; times in ms. */
export interface DriveOptions {
  model: LoadModel;
  /** The case ids of the test set, run round-robin. */
  caseIds: readonly string[];
  durationMs: number;
  /** @default 0 */
  rampMs: number;
  /** After `durationMs`, how long running simulations have before they are cancelled. */
  graceMs: number;
  /** Open model: most simulations at once; an arrival beyond is skipped. */
  maxUsers: number;
  start: StartSimulation;
  /** Ms since the run started (injected so tests drive time). */
  elapsed: () => number;
  /** Aborting (SIGINT) stops arrivals and cancels every running simulation. */
  signal?: AbortSignal;
  onStart?: (job: Job) => void;
  onResult?: (result: SimulationResult) => void;
  onSkip?: (atMs: number) => void;
}

/** How a drive went, beyond its results. */
export interface DriveOutcome {
  /** Arrivals skipped (open model at `maxUsers`), by time since the start. */
  skips: number[];
  /** Stopped by the signal rather than by the duration. */
  interrupted: boolean;
}

/**
 * Drives load (README "Load testing"): closed-model users each running cases back to back, or open-model
 * arrivals on a timer, until `durationMs`; then waits for the running ones, cancelling them at
 * `graceMs`. Resolves once every simulation started has a result.
 */
export function driveLoad(options: DriveOptions): Promise<DriveOutcome> {
  return new LoadDrive(options).run();
}

class LoadDrive {
  readonly #o: DriveOptions;
  readonly #running = new Set<AbortController>();
  readonly #iterations = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Timers that would start something: cleared when arrivals end. */
  readonly #arrivals = new Set<NodeJS.Timeout>();
  readonly #skips: number[] = [];
  #stopping = false;
  /** Closed-model users in their loop. */
  #users = 0;
  #done: () => void = () => {};

  constructor(options: DriveOptions) {
    this.#o = options;
  }

  run(): Promise<DriveOutcome> {
    const finished = new Promise<void>((resolve) => (this.#done = resolve));
    const { signal } = this.#o;
    const interrupt = () => this.#cancelAll();
    signal?.addEventListener('abort', interrupt, { once: true });
    if (signal?.aborted) this.#stopping = true;
    else {
      this.#later(this.#o.durationMs, () => this.#endArrivals());
      if (this.#o.model.kind === 'users') this.#startUsers(this.#o.model.users);
      else this.#arrive(0);
    }
    this.#settle();
    return finished.then(() => {
      signal?.removeEventListener('abort', interrupt);
      for (const timer of this.#timers) clearTimeout(timer);
      return { skips: this.#skips, interrupted: signal?.aborted === true };
    });
  }

  /** Runs `work` at `ms` since the start; an arrival's timer is dropped when arrivals end. */
  #later(ms: number, work: () => void, arrival = false): void {
    const timers = arrival ? this.#arrivals : this.#timers;
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, Math.max(0, ms - this.#o.elapsed()));
    timers.add(timer);
  }

  #stopArrivals(): void {
    this.#stopping = true;
    for (const timer of this.#arrivals) clearTimeout(timer);
    this.#arrivals.clear();
  }

  #endArrivals(): void {
    this.#stopArrivals();
    this.#later(this.#o.durationMs + this.#o.graceMs, () => this.#cancelAll());
    this.#settle();
  }

  #cancelAll(): void {
    this.#stopArrivals();
    for (const controller of this.#running) controller.abort();
    this.#settle();
  }

  /** Ends the drive once arrivals are over, no user is in its loop and nothing runs. */
  #settle(): void {
    if (this.#stopping && this.#running.size === 0 && this.#users === 0) this.#done();
  }

  #job(caseIndex: number): Job {
    const caseId = this.#o.caseIds[caseIndex]!;
    const iteration = (this.#iterations.get(caseId) ?? 0) + 1;
    this.#iterations.set(caseId, iteration);
    return { caseIndex, caseId, iteration };
  }

  async #simulate(job: Job): Promise<void> {
    const controller = new AbortController();
    this.#running.add(controller);
    this.#o.onStart?.(job);
    try {
      const result = await this.#o.start(job, controller.signal);
      if (result) this.#o.onResult?.(result);
    } finally {
      this.#running.delete(controller);
      this.#settle();
    }
  }

  /** Closed model: user `u` starts on the ramp, then runs case u, u+1, … back to back. */
  #startUsers(users: number): void {
    for (let user = 0; user < users; user++) {
      this.#later(userStartMs(user, users, this.#o.rampMs), () => void this.#user(user), true);
    }
  }

  async #user(user: number): Promise<void> {
    const cases = this.#o.caseIds.length;
    this.#users += 1;
    try {
      for (let n = 0; !this.#stopping && this.#o.elapsed() < this.#o.durationMs; n++) {
        await this.#simulate(this.#job((user + n) % cases));
      }
    } finally {
      this.#users -= 1;
      this.#settle();
    }
  }

  /** Open model: arrival `n` at `atMs`, whatever the others do; skipped at `maxUsers`. */
  #arrive(atMs: number, n = 0): void {
    if (this.#stopping || atMs >= this.#o.durationMs) return;
    this.#later(atMs, () => this.#arrivalsDue(atMs, n), true);
  }

  /** A late timer starts every arrival that fell due meanwhile, each counted at its own time. */
  #arrivalsDue(atMs: number, n: number): void {
    const model = this.#o.model as RateModel;
    let due = atMs;
    let next = n;
    do {
      if (this.#running.size >= this.#o.maxUsers) {
        this.#skips.push(due);
        this.#o.onSkip?.(due);
      } else void this.#simulate(this.#job(next % this.#o.caseIds.length));
      due = nextArrivalMs(model, due, this.#o.rampMs);
      next += 1;
    } while (due <= this.#o.elapsed() && due < this.#o.durationMs);
    this.#arrive(due, next);
  }
}

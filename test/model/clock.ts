import { SimulatedClock } from 'xstate';

/**
 * XState's SimulatedClock, also knowing when each pending timer is due, so a model step "this
 * delayed transition fires" is played by moving time to the earliest due timer, exactly. If the
 * engine had a different timer due first, that one fires and the state check after the step fails.
 */
export class SteppingClock extends SimulatedClock {
  readonly #due = new Map<number, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id: number = super.setTimeout((...args: unknown[]) => {
      this.#due.delete(id);
      fn(...args);
    }, timeout);
    this.#due.set(id, this.now() + timeout);
    return id;
  }

  override clearTimeout(id: number): void {
    this.#due.delete(id);
    super.clearTimeout(id);
  }

  /** How many timers are pending. */
  get pending(): number {
    return this.#due.size;
  }

  /** Moves time to the earliest pending timer (firing it, and any due at the same ms); returns the ms moved. */
  advanceToNextTimer(): number {
    if (this.#due.size === 0) throw new Error('no timer is pending, but the model expects a delayed transition');
    const next = Math.min(...this.#due.values());
    const step = Math.max(0, next - this.now());
    this.increment(step);
    return step;
  }
}

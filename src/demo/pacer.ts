/**
 * Runs a connection's outgoing steps one after another, each after its own pause. A single timer
 * at a time keeps the order exact (two timers due in the same millisecond may fire either way),
 * and a second user message queues its reply behind the first instead of interleaving with it.
 */
export class Pacer {
  private readonly queue: Array<{ delayMs: number; step: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** Queues `step` to run `delayMs` after the previous queued step (or after now, when idle). */
  then(delayMs: number, step: () => void): void {
    if (this.stopped) return;
    this.queue.push({ delayMs, step });
    if (this.timer === undefined) this.armNext();
  }

  /** Drops every pending step and its timer; later `then` calls are ignored. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private armNext(): void {
    const head = this.queue.shift();
    if (head === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      head.step();
      if (!this.stopped) this.armNext();
    }, Math.max(0, head.delayMs));
  }
}

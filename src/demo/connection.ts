import { WebSocket } from 'ws';
import { frameText, parseFrame } from './frames.js';
import { Pacer } from './pacer.js';

/** What a profile does with each text frame a client sends (already parsed; see {@link parseFrame}). */
export type FrameHandler = (frame: unknown) => void;

/**
 * One accepted client as a profile sees it: parsed inbound frames, JSON sends, and paced sends
 * whose timers die with the socket.
 */
export class DemoConnection {
  private readonly pacer = new Pacer();
  private readonly repeats = new Set<NodeJS.Timeout>();
  private handler: FrameHandler = () => {};

  /**
   * @param socket the accepted WebSocket
   * @param log where every inbound text frame is recorded, before the profile sees it
   * @param timeScale multiplies every delay given to {@link later}
   */
  constructor(
    private readonly socket: WebSocket,
    private readonly log: unknown[],
    private readonly timeScale: number,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return; // every profile speaks text JSON only
      const frame = parseFrame(frameText(data));
      this.log.push(frame);
      this.handler(frame);
    });
    socket.on('close', () => this.stopTimers());
    // A misbehaving client (oversized or malformed frame) must cost its own socket, not the process.
    socket.on('error', () => this.terminate());
  }

  /** Sets the profile's handler for inbound frames. */
  onFrame(handler: FrameHandler): void {
    this.handler = handler;
  }

  /** Sends `value` as a JSON text frame now, if the socket is still open. */
  send(value: unknown): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(value));
  }

  /** Sends `value` `baseDelayMs` × timeScale after the previously queued frame. */
  later(baseDelayMs: number, value: unknown): void {
    this.pacer.then(baseDelayMs * this.timeScale, () => this.send(value));
  }

  /**
   * Sends `value` every `baseMs` × timeScale (at least every 10 ms) while the socket is open,
   * outside the pacer's queue: a heartbeat, not part of a reply.
   */
  every(baseMs: number, value: unknown): void {
    const timer = setInterval(() => this.send(value), Math.max(10, baseMs * this.timeScale));
    this.repeats.add(timer);
  }

  /** Like {@link every}, with `text` sent as it is (Direct Line's keepalive is an empty frame, not JSON). */
  everyText(baseMs: number, text: string): void {
    const timer = setInterval(() => {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    }, Math.max(10, baseMs * this.timeScale));
    this.repeats.add(timer);
  }

  /** Runs `step` once after `baseMs` × timeScale, outside the pacer's queue, unless the socket closed first. */
  after(baseMs: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.repeats.delete(timer);
      step();
    }, baseMs * this.timeScale);
    this.repeats.add(timer);
  }

  /** Runs `step` `baseDelayMs` × timeScale after the previously queued frame (a state change in order). */
  laterDo(baseDelayMs: number, step: () => void): void {
    this.pacer.then(baseDelayMs * this.timeScale, step);
  }

  /** Drops pending frames and cuts the socket without a closing handshake. */
  terminate(): void {
    this.stopTimers();
    this.socket.terminate();
  }

  private stopTimers(): void {
    this.pacer.stop();
    for (const timer of this.repeats) clearTimeout(timer);
    this.repeats.clear();
  }
}

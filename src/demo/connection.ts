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
    socket.on('close', () => this.pacer.stop());
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

  /** Runs `step` `baseDelayMs` × timeScale after the previously queued frame (a state change in order). */
  laterDo(baseDelayMs: number, step: () => void): void {
    this.pacer.then(baseDelayMs * this.timeScale, step);
  }

  /** Drops pending frames and cuts the socket without a closing handshake. */
  terminate(): void {
    this.pacer.stop();
    this.socket.terminate();
  }
}

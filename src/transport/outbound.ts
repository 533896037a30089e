import { randomUUID } from 'node:crypto';
import type { Choice } from '../../machines/types.js';
import type { ErrorInfo } from '../errors.js';
import { thrownErrorInfo } from '../errors.js';
import type { HandshakeRuntime } from '../handshake-steps.js';
import type { OutgoingMessage } from '../template.js';
import type { SendVia } from './send-via.js';

/** What every transport sends, rendered by the engine's plan. */
export interface OutboundPlan {
  /** Renders a user message through the send template, or `sendFrames` (several frames, in order). */
  render: (message: Required<OutgoingMessage>) => string | string[];
  /** Renders a click through `clickTemplate`; absent: the send template, with the payload as the message. */
  renderClick?: (message: Required<OutgoingMessage>, choice: Choice) => string;
  /** `messages.sendVia`: user messages go out as HTTP requests instead. */
  sendVia?: SendVia;
  /** What each handshake step sends, rendered (null: the step only awaits). */
  steps: (string | null)[];
  /** `keepaliveMessage`, rendered; sent every `keepaliveMs`. */
  keepaliveMessage: string | null;
  keepaliveMs: number;
  /**
   * `{{handshake.*}}` captures (README "Config reference"): told which step goes out; the fields above are
   * rendered again as values land, so they are read at each send, never kept.
   */
  handshake?: HandshakeRuntime;
}

export interface Outbound {
  /** A user message; `click` when it is a click on a choice (its payload is then the message). */
  user(text: string, seq: number, click?: Choice): void;
  step(index: number): void;
  /** Starts the keepalive message (README "Config reference": from when the socket opens). */
  opened(): void;
  stop(): void;
}

/**
 * Sending, shared by the transports: frames go through `write`; sendVia requests are chained so
 * user messages never overtake each other, and one that fails is reported through `fail`.
 */
export function createOutbound(plan: OutboundPlan, write: (frame: string) => void, fail: (error: ErrorInfo) => void): Outbound {
  // Only sendVia needs these: made on its first request, since most conversations never send one,
  // and aborting creates a DOMException (tens of µs) at every close.
  let aborter: AbortController | null = null;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  let keepalive: NodeJS.Timeout | undefined;
  return {
    user(text, seq, click) {
      const message = { text: click ? click.payload : text, seq, id: randomUUID() };
      const { sendVia } = plan;
      if (!sendVia) {
        const frames = click && plan.renderClick ? plan.renderClick(message, click) : plan.render(message);
        if (typeof frames === 'string') return write(frames);
        for (const frame of frames) write(frame);
        return;
      }
      if (stopped) return;
      const { signal } = (aborter ??= new AbortController());
      queue = queue.then(() => (signal.aborted ? undefined : sendVia(click ? { ...message, click } : message, signal))).catch((error) => {
        if (!signal.aborted) fail(thrownErrorInfo(error));
      });
    },
    step(index) {
      plan.handshake?.enter(index);
      const frame = plan.steps[index];
      if (frame) write(frame);
    },
    opened() {
      if (plan.keepaliveMessage === null || plan.keepaliveMs <= 0) return;
      keepalive = setInterval(() => write(plan.keepaliveMessage!), plan.keepaliveMs);
    },
    stop() {
      stopped = true;
      aborter?.abort();
      clearInterval(keepalive);
    },
  };
}

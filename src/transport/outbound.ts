import { randomUUID } from 'node:crypto';
import type { ErrorInfo } from '../errors.js';
import { toErrorInfo } from '../errors.js';
import type { OutgoingMessage } from '../template.js';
import type { SendVia } from './send-via.js';

/** What every transport sends, rendered by the engine's plan. */
export interface OutboundPlan {
  /** Renders a user message through the send template. */
  render: (message: Required<OutgoingMessage>) => string;
  /** `messages.sendVia`: user messages go out as HTTP requests instead. */
  sendVia?: SendVia;
  /** What each handshake step sends, rendered (null: the step only awaits). */
  steps: (string | null)[];
  /** `keepaliveMessage`, rendered; sent every `keepaliveMs`. */
  keepaliveMessage: string | null;
  keepaliveMs: number;
}

export interface Outbound {
  user(text: string, seq: number): void;
  step(index: number): void;
  /** Starts the keepalive message (SPEC §9.2: from when the socket opens). */
  opened(): void;
  stop(): void;
}

/**
 * Sending, shared by the transports: frames go through `write`; sendVia requests are chained so
 * user messages never overtake each other, and one that fails is reported through `fail`.
 */
export function createOutbound(plan: OutboundPlan, write: (frame: string) => void, fail: (error: ErrorInfo) => void): Outbound {
  const aborter = new AbortController();
  let queue: Promise<void> = Promise.resolve();
  let keepalive: NodeJS.Timeout | undefined;
  return {
    user(text, seq) {
      const message = { text, seq, id: randomUUID() };
      const { sendVia } = plan;
      if (!sendVia) return write(plan.render(message));
      queue = queue.then(() => (aborter.signal.aborted ? undefined : sendVia(message, aborter.signal))).catch((error) => {
        if (!aborter.signal.aborted) fail(toErrorInfo(error));
      });
    },
    step(index) {
      const frame = plan.steps[index];
      if (frame) write(frame);
    },
    opened() {
      const { keepaliveMessage } = plan;
      if (keepaliveMessage === null || plan.keepaliveMs <= 0) return;
      keepalive = setInterval(() => write(keepaliveMessage), plan.keepaliveMs);
    },
    stop() {
      aborter.abort();
      clearInterval(keepalive);
    },
  };
}

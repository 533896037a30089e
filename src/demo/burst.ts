import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause before each message of a burst (ms, before timeScale): short enough to coalesce into one turn. */
const MESSAGE_DELAY_MS = 150;

/** The user's text of `{event:'user_message', payload:{text}}`, else `undefined`. */
function userText(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.event !== 'user_message' || !isRecord(frame.payload)) return undefined;
  return typeof frame.payload.text === 'string' ? frame.payload.text : undefined;
}

/**
 * Answers each user message with an ack and a typing indicator (both for type filtering to
 * drop), the answer as a burst of `agent_message` events, then `typing_stopped`.
 */
function speakBurst(conn: DemoConnection): void {
  let acks = 0;
  conn.onFrame((frame) => {
    const text = userText(frame);
    if (text === undefined) return;
    acks += 1;
    conn.send({ event: 'ack', id: acks });
    conn.later(0, { event: 'typing' });
    for (const message of answerFor(text)) {
      conn.later(MESSAGE_DELAY_MS, { event: 'agent_message', payload: { text: message } });
    }
    conn.later(0, { event: 'typing_stopped' });
  });
}

/** The burst profile: connection pattern 4 of the README (custom message format), replies in bursts. */
export function burstProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: speakBurst,
    request: upgradeRequired,
  };
}

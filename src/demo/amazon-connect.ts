import { randomUUID } from 'node:crypto';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause before the agent's messages and between heartbeats (ms, before timeScale). */
const REPLY_DELAY_MS = 40;
const HEARTBEAT_MS = 200;

/** The customer's text of `{topic:'aws/send', message}`, else `undefined`. */
function customerText(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.topic !== 'aws/send') return undefined;
  return typeof frame.message === 'string' ? frame.message : undefined;
}

/**
 * An Amazon Connect participant event: the message sits in `content`, a string holding JSON
 * (README "How replies are read" `decode`), stamped with `AbsoluteTime`.
 */
function chatEvent(role: 'CUSTOMER' | 'AGENT', text: string, at: Date): unknown {
  const content = { Id: randomUUID(), Type: 'MESSAGE', ParticipantRole: role, ContentType: 'text/plain', Content: text, AbsoluteTime: at.toISOString() };
  return { topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(content) };
}

/**
 * Speaks like Amazon Connect's participant WebSocket: every customer message is echoed back as a
 * CUSTOMER event, and the answer's messages arrive in reverse order, each stamped with the time
 * it was written, so only `orderByPath` puts them right. `aws/heartbeat` frames come in between.
 */
function speakConnect(conn: DemoConnection): void {
  conn.onFrame((frame) => {
    const text = customerText(frame);
    if (text === undefined) return;
    const now = Date.now();
    conn.send(chatEvent('CUSTOMER', text, new Date(now)));
    const answer = answerFor(text).map((message, index) => chatEvent('AGENT', message, new Date(now + 1 + index)));
    conn.later(REPLY_DELAY_MS, { topic: 'aws/heartbeat' });
    for (const event of answer.reverse()) conn.later(0, event);
  });
  conn.every(HEARTBEAT_MS, { topic: 'aws/heartbeat' });
}

/** The amazon-connect profile: JSON in a string, out-of-order messages, heartbeats. */
export function amazonConnectProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/connect' },
    refusal: () => undefined,
    attach: speakConnect,
    request: upgradeRequired,
  };
}

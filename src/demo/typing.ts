import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** The agent "types" 4 × 150 ms before each message (ms, before timeScale): longer than a 0.4 s quiet period. */
const TYPING_FRAMES = 4;
const TYPING_EVERY_MS = 150;
/** How long the agent waits for the pong before it reports an error (ms, before timeScale). */
const PONG_WAIT_MS = 1000;

/** The user's text of `{type:'message', text}`, else `undefined`. */
function userText(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.type !== 'message') return undefined;
  return typeof frame.text === 'string' ? frame.text : undefined;
}

/**
 * An agent that shows it is typing: `{type:'typing'}` every 150 ms while it "writes", 600 ms
 * before each message of an answer, longer than the example's quiet period, so only
 * `typingTypes` keeps them in one turn. It pings on connect and answers nothing until it gets
 * `{type:'pong'}` back (`autoReplies`); no pong within a second is an `{type:'error'}` frame
 * (`errorTypes`). After "bye" it sends `{type:'end'}` (`endTypes`).
 */
function speakWithTyping(conn: DemoConnection): void {
  let ponged = false;
  const waiting: string[] = [];
  conn.send({ type: 'ping', id: 1 });
  conn.after(PONG_WAIT_MS, () => {
    if (!ponged) conn.send({ type: 'error', error: { code: 'no_pong', message: 'ping was never answered' } });
  });
  conn.onFrame((frame) => {
    if (isRecord(frame) && frame.type === 'pong') {
      ponged = true;
      for (const text of waiting.splice(0)) answer(conn, text);
      return;
    }
    const text = userText(frame);
    if (text === undefined) return;
    // A message that overtook the pong is answered once the pong is in.
    if (ponged) answer(conn, text);
    else waiting.push(text);
  });
}

function answer(conn: DemoConnection, text: string): void {
  for (const message of answerFor(text)) {
    for (let frame = 0; frame < TYPING_FRAMES; frame += 1) conn.later(frame === 0 ? 0 : TYPING_EVERY_MS, { type: 'typing' });
    conn.later(TYPING_EVERY_MS, { type: 'message', text: message });
  }
  if (/\b(good)?bye\b/i.test(text)) conn.later(10, { type: 'end' });
}

/** The typing profile: typing indicators, a ping to answer, an error frame, an end frame. */
export function typingProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: speakWithTyping,
    request: upgradeRequired,
  };
}

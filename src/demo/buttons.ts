import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';
import { menuReply } from './menu.js';

const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

/**
 * Speaks like Botkit's web adapter: `{type:'message', text}` in, `{type:'message', text,
 * quick_replies: [{title, payload}]}` out; a quick reply is clicked by sending its payload as the
 * text. A card comes as `{type:'message', attachments: [...]}` with no text. Outside the button
 * dialogue (menu.ts) it answers as the simple profile does.
 */
function speakBotkit(conn: DemoConnection): void {
  conn.onFrame((frame) => {
    if (!isRecord(frame) || frame.type !== 'message' || typeof frame.text !== 'string') return;
    const reply = menuReply(frame.text);
    if (!reply) {
      answerFor(frame.text).forEach((text, index) => conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, { type: 'message', text }));
      return;
    }
    const message: Record<string, unknown> = { type: 'message' };
    if (reply.text) message.text = reply.text;
    if (reply.choices) message.quick_replies = reply.choices;
    if (reply.card) message.attachments = [{ type: 'card', title: reply.card.title, text: reply.card.text, buttons: reply.card.buttons }];
    conn.later(FIRST_DELAY_MS, message);
  });
}

/** The buttons profile: Botkit-style quick replies and a card-only reply over plain WebSocket frames. */
export function buttonsProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: (conn) => speakBotkit(conn),
    request: upgradeRequired,
  };
}

import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause before each reply (ms, before timeScale). */
const REPLY_DELAY_MS = 20;

/** The orders the support agent can find; any other number is "not found". */
const ORDERS: Readonly<Record<string, { item: string; amount: string; eta: string }>> = {
  '1234': { item: 'a blue kettle', amount: '$25', eta: 'lost in transit' },
  '5678': { item: 'two mugs', amount: '$12', eta: 'arriving tomorrow' },
};

interface Reply {
  text: string;
  [extra: string]: unknown;
}

/** One conversation's memory: the order being discussed and whether an offer was made. */
interface SupportState {
  orderId?: string;
  offered: boolean;
}

/**
 * The support dialogue (README "Captures and more expectations" demo): asks for an order number, looks it up, offers a refund or
 * store credit. Its words are fixed, so a scripted test can capture the order and a simulated user
 * can complete it (or fail it, by never giving a known number).
 */
export function supportReply(text: string, state: SupportState): Reply {
  // Once an offer is made, the choice wins over a number repeated in the same message.
  const offered = state.offered && state.orderId ? ORDERS[state.orderId] : undefined;
  if (offered && /\brefund/i.test(text)) {
    return { text: `Done: a refund of ${offered.amount} for order #${state.orderId} is on its way (5 business days).` };
  }
  if (offered && /\bcredit/i.test(text)) {
    return { text: `Done: ${offered.amount} of store credit for order #${state.orderId} is on your account.` };
  }
  const number = /\b(\d{4})\b/.exec(text)?.[1];
  if (number) return lookUp(number, state);
  if (/\b(thanks|thank you|bye)\b/i.test(text)) return { text: 'Glad I could help. Goodbye!' };
  return { text: "I'm sorry to hear that. What is your order number?" };
}

function lookUp(number: string, state: SupportState): Reply {
  const order = ORDERS[number];
  if (!order) return { text: `I can't find order #${number}. Could you check the number?` };
  state.orderId = number;
  state.offered = order.eta === 'lost in transit';
  if (!state.offered) return { text: `Order #${number} (${order.item}) is ${order.eta}.`, order: { id: number, eta: order.eta } };
  return {
    text: `Order #${number} (${order.item}) was ${order.eta}, I'm afraid. I can offer a refund of ${order.amount} or store credit. Which would you prefer?`,
    order: { id: number, eta: order.eta },
    quick_replies: [{ title: 'Refund' }, { title: 'Store credit' }],
  };
}

/** Default message format (`{type: message, text}`) on `/ws`, extra fields on the order replies. */
export function supportProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: (conn: DemoConnection) => {
      const state: SupportState = { offered: false };
      conn.onFrame((frame) => {
        if (!isRecord(frame) || frame.type !== 'message' || typeof frame.text !== 'string') return;
        conn.later(REPLY_DELAY_MS, { type: 'message', ...supportReply(frame.text, state) });
      });
    },
    request: upgradeRequired,
  };
}

/**
 * The button dialogue the demo agents share (README "Buttons, cards and clicks"): "help" (or "menu") offers three choices;
 * clicking one sends its payload back; store credit answers with a card and no text. Each profile
 * puts these in its platform's shape (Botkit quick_replies, Rasa buttons, Direct Line
 * suggestedActions and hero cards).
 */
export interface MenuChoice {
  title: string;
  payload: string;
}

/** A card: a title, a line of text and its own buttons. */
export interface MenuCard {
  title: string;
  text: string;
  buttons: MenuChoice[];
}

/** One reply of the dialogue: some text, some choices, a card, or several of them. */
export interface MenuReply {
  text?: string;
  choices?: MenuChoice[];
  card?: MenuCard;
}

const MENU: MenuReply = {
  text: 'What can I do for you?',
  choices: [
    { title: 'Track my order', payload: '/track' },
    { title: 'Refund', payload: '/refund' },
    { title: 'Store credit', payload: '/credit' },
  ],
};

const BY_PAYLOAD: Readonly<Record<string, MenuReply>> = {
  '/track': { text: 'Order 1234 ships tomorrow.' },
  '/refund': {
    text: 'Refund to your card or as store credit?',
    choices: [
      { title: 'To my card', payload: '/refund_card' },
      { title: 'Store credit', payload: '/credit' },
    ],
  },
  '/refund_card': { text: 'Done: the refund reaches your card in 5 business days.' },
  // A reply made only of a card: no text at all.
  '/credit': { card: { title: 'Store credit: $25', text: 'Spend it on anything in the shop.', buttons: [{ title: 'Use it now', payload: '/use_credit' }] } },
  '/use_credit': { text: 'Your $25 credit is applied to your next order.' },
};

/** The dialogue's reply to a user text or a clicked payload, or null when it is not part of it. */
export function menuReply(text: string): MenuReply | null {
  if (/^\s*(help|menu)\s*$/i.test(text)) return MENU;
  return BY_PAYLOAD[text.trim()] ?? null;
}

/**
 * Intents in priority order: a specific question wins over a greeting, so "Hi, when do you open?"
 * is answered with the hours (the reply a test of that question expects).
 */
const INTENTS: ReadonlyArray<{ pattern: RegExp; answer: readonly string[] }> = [
  { pattern: /\brefund/i, answer: ["I'm sorry to hear that.", 'Refunds take 5 business days.'] },
  { pattern: /\b(open|hours?)\b/i, answer: ['We open at 9 am and close at 5 pm.'] },
  { pattern: /\b(price|prices|pricing|cost|costs)\b/i, answer: ['Our basic plan costs $10 a month.'] },
  { pattern: /\b(good)?bye\b/i, answer: ['Goodbye!'] },
  { pattern: /\b(hello|hi)\b/i, answer: ['Hi! How can I help?'] },
];

/**
 * The demo agents' deterministic reply to a user text: one string per agent message.
 * Keywords are matched case-insensitively as whole words (so "this" is not a greeting); when
 * several match, the first of refund, opening hours, price, bye, greeting wins. Anything else is
 * echoed as `You said: <text>`.
 */
export function answerFor(text: string): string[] {
  const intent = INTENTS.find(({ pattern }) => pattern.test(text));
  return intent ? [...intent.answer] : [`You said: ${text}`];
}

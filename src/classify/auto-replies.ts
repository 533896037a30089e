import type { AutoReply } from '../config/types.js';
import { compileCondition } from './condition.js';

/**
 * Compiles `messages.autoReplies` into one matcher: the index of the first rule whose `when`
 * holds for the message, or -1. Values compare strictly (`1` is not `"1"`).
 */
export function compileAutoReplies(rules: readonly AutoReply[]): ((message: unknown) => number) | null {
  if (rules.length === 0) return null;
  const tests = rules.map(({ when }) => compileCondition(when));
  return (message) => tests.findIndex((test) => test(message));
}

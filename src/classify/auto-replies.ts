import type { AutoReply, AutoReplyValue } from '../config/types.js';
import { compilePath } from '../paths.js';

/**
 * Compiles `messages.autoReplies` into one matcher: the index of the first rule whose `when`
 * holds for the message, or -1. Values compare strictly (`1` is not `"1"`).
 */
export function compileAutoReplies(rules: readonly AutoReply[]): ((message: unknown) => number) | null {
  if (rules.length === 0) return null;
  const tests = rules.map(({ when }) => {
    const read = compilePath(when.path);
    const wanted: readonly AutoReplyValue[] = Array.isArray(when.equals) ? when.equals : [when.equals];
    return (message: unknown) => {
      const value = read(message);
      return value !== undefined && wanted.includes(value as AutoReplyValue);
    };
  });
  return (message) => tests.findIndex((test) => test(message));
}

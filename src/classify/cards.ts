import type { Choice } from '../../machines/types.js';
import type { MessagesConfig } from '../config/types.js';
import { compilePath, compileWildcardPath } from '../paths.js';

/** What a message offers besides text (README "Buttons, cards and clicks"): its choices and attachments, when it has any. */
export interface Cards {
  choices?: Choice[];
  attachments?: unknown[];
}

/**
 * Compiles `choicesPath` and `attachmentsPath` once; null when neither is set. Each path may hold
 * `*`, and what it reaches is flattened in order: a list gives its items, anything else itself.
 */
export function compileCards(messages: MessagesConfig): ((message: unknown) => Cards | null) | null {
  const choicesAt = (messages.choicesPath ?? []).map(compileWildcardPath);
  const attachmentsAt = messages.attachmentsPath === undefined ? null : compileWildcardPath(messages.attachmentsPath);
  if (choicesAt.length === 0 && !attachmentsAt) return null;
  const toChoice = compileChoice(messages.choiceTitlePath ?? 'title', messages.choicePayloadPath ?? 'payload');
  return (message) => {
    const choices = choicesAt.flatMap((read) => read(message).flatMap(items)).map(toChoice).filter((choice) => choice !== null);
    const attachments = attachmentsAt ? attachmentsAt(message).flatMap(items) : [];
    if (choices.length === 0 && attachments.length === 0) return null;
    return { ...(choices.length > 0 ? { choices } : {}), ...(attachments.length > 0 ? { attachments } : {}) };
  };
}

const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** A title and payload from one item; a bare string or number is both. Nothing usable as a title: no choice. */
function compileChoice(titlePath: string, payloadPath: string): (item: unknown) => Choice | null {
  const titleOf = compilePath(titlePath);
  const payloadOf = compilePath(payloadPath);
  return (item) => {
    if (typeof item === 'string' || typeof item === 'number') return { title: String(item), payload: String(item) };
    const title = scalarText(titleOf(item));
    if (title === undefined) return null;
    const payload = payloadOf(item);
    // A structured payload (a postBack's object) is sent as its JSON.
    const text = payload !== null && typeof payload === 'object' ? JSON.stringify(payload) : scalarText(payload);
    return { title, payload: text ?? title };
  };
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

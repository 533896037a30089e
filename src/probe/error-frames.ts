import { isRecord } from '../config/issues.js';

const ERROR_TYPE = /error|fault|exception|failure/i;
const MESSAGE_KEYS = ['message', 'reason', 'description', 'detail', 'text'] as const;

/** The first non-empty string among an object's message-like fields. */
function messageIn(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (!isRecord(value)) return undefined;
  for (const key of MESSAGE_KEYS) {
    const found = value[key];
    if (typeof found === 'string' && found !== '') return found;
  }
  return undefined;
}

/**
 * What went wrong, when a frame looks like the agent reporting an error: a JSON-RPC error object,
 * an `error` field, a failing `code` (≥ 400, or a string) with a message, or a type named like an
 * error. Null for anything else, so ordinary frames are never mistaken for errors.
 */
export function errorReported(json: unknown, typeValue?: unknown): string | null {
  if (!isRecord(json)) return null;
  const { error, code } = json;
  if (error !== undefined && error !== null && error !== false) {
    return messageIn(error) ?? JSON.stringify(error);
  }
  const failing = (typeof code === 'number' && code >= 400) || (typeof code === 'string' && code !== '' && !/^(ok|success|2\d\d)$/i.test(code));
  if (failing) {
    const message = messageIn(json);
    if (message !== undefined) return `${message} (code ${String(code)})`;
  }
  if (typeof typeValue === 'string' && ERROR_TYPE.test(typeValue)) return messageIn(json) ?? JSON.stringify(json);
  return null;
}

/** Where an error's text sits in a frame (for `errorPath`), when it has one. */
export function errorPathIn(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  if (isRecord(json.error)) {
    const key = MESSAGE_KEYS.find((k) => typeof (json.error as Record<string, unknown>)[k] === 'string');
    if (key) return `error.${key}`;
  }
  if (typeof json.error === 'string') return 'error';
  return MESSAGE_KEYS.find((k) => typeof json[k] === 'string');
}

/** A type named like an error: a frame of that type is never a success. */
export function looksLikeErrorType(type: string): boolean {
  return ERROR_TYPE.test(type);
}

/** The condition that tells this error frame from a success of the same type, in YAML flow style. */
export function errorWhenFor(json: unknown): string | undefined {
  if (!isRecord(json)) return undefined;
  if (json.error !== undefined && json.error !== null && json.error !== false) return '{ path: error, exists: true }';
  if (json.success === false) return '{ path: success, equals: false }';
  if (json.ok === false) return '{ path: ok, equals: false }';
  const { status } = json;
  if (typeof status === 'string' && /error|fail/i.test(status)) return `{ path: status, equals: ${status} }`;
  return undefined;
}

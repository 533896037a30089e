/** A string inside a frame's JSON, with its dot path (array indices as numbers, README "Config reference" Paths). */
export interface StringLeaf {
  path: string;
  value: string;
}

/** Frames nest a few levels at most; deeper is not worth suggesting as a path. */
const MAX_DEPTH = 8;

/** Every string value in `json` with its dot path, in document order. */
export function stringLeaves(json: unknown): StringLeaf[] {
  const leaves: StringLeaf[] = [];
  visit(json, [], leaves);
  return leaves;
}

function visit(value: unknown, path: string[], leaves: StringLeaf[]): void {
  if (typeof value === 'string') {
    if (path.length > 0) leaves.push({ path: path.join('.'), value });
    return;
  }
  if (value === null || typeof value !== 'object' || path.length >= MAX_DEPTH) return;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  for (const [key, item] of entries) {
    // A key with a dot could not be written as a path segment: never suggest it.
    if (!key.includes('.')) visit(item, [...path, key], leaves);
  }
}

const TOKEN = /^[A-Za-z][\w.:-]{0,39}$/;
const URLISH = /^[a-z][a-z0-9+.-]*:\/\//i;
const UUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TEXT_KEY = /text|content|message|body|utterance|speech|caption|msg/i;
/** `messageType`, `msg_id`: named after a message, but holding an identifier. */
const ID_KEY = /type|id$|kind|class|format|status/i;

/** A short identifier-like value, the kind a type or direction field holds (`bot_message`, `Outbound`). */
export function isTokenLike(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * A string that reads like something said: it has a space or punctuation, or sits under a key
 * named like text. URLs and UUIDs are not.
 */
export function isTextLike(leaf: StringLeaf): boolean {
  const value = leaf.value.trim();
  if (value === '' || URLISH.test(value) || UUIDISH.test(value)) return false;
  const key = leaf.path.split('.').at(-1) ?? '';
  if (TEXT_KEY.test(key) && !ID_KEY.test(key)) return true;
  return value.length >= 2 && (/\s/.test(value) || /[^\w.:-]/.test(value));
}

/** A value JSON can carry. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where a value sits inside a JSON document: object keys and array indices, outermost first. */
export type JsonPath = (string | number)[];

/**
 * Walks a value as JSON data, calling `onString` with every string value (never a key) and its
 * path. Returns whether the whole value is JSON data: finite numbers, plain objects and arrays, no
 * cycles. It never stops early, so a caller checking placeholders still sees every string of a
 * value a library caller built with something JSON cannot carry in it.
 */
export function walkJson(value: unknown, onString?: (text: string, path: JsonPath) => void): boolean {
  return walk(value, [], onString, new Set());
}

function walk(value: unknown, path: JsonPath, onString: ((text: string, path: JsonPath) => void) | undefined, ancestors: Set<object>): boolean {
  if (typeof value === 'string') {
    onString?.(value, path);
    return true;
  }
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || ancestors.has(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  let ok = Array.isArray(value) || proto === Object.prototype || proto === null;
  ancestors.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) ok = walk(item, [...path, key], onString, ancestors) && ok;
  ancestors.delete(value);
  return ok;
}

/** The JSON value `text` holds, or undefined when it is not JSON (its caller reports that, or drops it). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True for data JSON can carry; plain objects from library callers may hold anything. */
export function isJsonValue(value: unknown): value is JsonValue {
  return walkJson(value);
}

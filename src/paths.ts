/** Segments that would reach an object's prototype instead of its data. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Compiles a dot path (`activities.0.text`) once into a reader. A numeric segment indexes an
 * array; only own properties are read, so `__proto__`, `constructor` and `prototype` never
 * resolve. A missing step yields `undefined`; the reader never throws. Hand-written on purpose:
 * lodash's `get` follows inherited properties, so `constructor.name` would read the prototype.
 */
export function compilePath(path: string): (value: unknown) => unknown {
  if (path === '') return (value) => value;
  const segments = path.split('.');
  if (segments.some((segment) => FORBIDDEN.has(segment))) return () => undefined;
  return (value) => {
    let current = value;
    for (const segment of segments) {
      if (current === null || typeof current !== 'object') return undefined;
      if (Array.isArray(current)) {
        if (!/^\d+$/.test(segment)) return undefined;
        current = current[Number(segment)];
      } else if (Object.prototype.hasOwnProperty.call(current, segment)) {
        current = (current as Record<string, unknown>)[segment];
      } else {
        return undefined;
      }
    }
    return current;
  };
}

/** Reads one dot path; see {@link compilePath}. */
export function readPath(value: unknown, path: string): unknown {
  return compilePath(path)(value);
}

/**
 * Compiles a dot path that may hold `*` ("every item", README "Buttons, cards and clicks") into a reader of every value it
 * reaches, in order: `attachments.*.content.buttons` reads each attachment's buttons. A `*` over an
 * object takes its own values in key order. Missing steps are skipped, so the list may be empty.
 */
export function compileWildcardPath(path: string): (value: unknown) => unknown[] {
  const parts = wildcardParts(path);
  if (parts.length === 1) {
    const read = compilePath(path);
    return (value) => {
      const found = read(value);
      return found === undefined ? [] : [found];
    };
  }
  const readers = parts.map((part) => compilePath(part));
  return (value) => {
    let current: unknown[] = [value];
    readers.forEach((read, index) => {
      const reached = current.map(read).filter((found) => found !== undefined);
      current = index === readers.length - 1 ? reached : reached.flatMap(everyItem);
    });
    return current;
  };
}

/** `a.*.b.*` → `a`, `b`, ``: the plain paths between the stars. */
function wildcardParts(path: string): string[] {
  const parts: string[][] = [[]];
  for (const segment of path.split('.')) {
    if (segment === '*') parts.push([]);
    else parts.at(-1)!.push(segment);
  }
  return parts.map((segments) => segments.join('.'));
}

function everyItem(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return [];
}

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

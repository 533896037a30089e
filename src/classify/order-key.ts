import { compilePath } from '../paths.js';

/** A message's place in its turn (README "How replies are read" `orderByPath`): a number, or a string compared as text. */
export type OrderKey = number | string;

/** ISO 8601 dates and date-times, the shapes platforms stamp messages with. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads the order key of a message: a finite number as it is, an ISO date as its epoch ms (so
 * `…T10:00:00Z` and `…T11:00:00+01:00` are equal), any other string as it is; else undefined.
 */
export function compileOrderKey(path: string | undefined): ((message: unknown) => OrderKey | undefined) | null {
  if (path === undefined) return null;
  const read = compilePath(path);
  return (message) => {
    const value = read(message);
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value !== 'string' || value === '') return undefined;
    if (ISO_DATE.test(value)) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
    return value;
  };
}

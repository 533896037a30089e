import type { RawData } from 'ws';

/** The text of a frame as ws delivers it (a Buffer by default, fragments or an ArrayBuffer otherwise). */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** A text frame's JSON value, or the raw string when it is not JSON (recorded as-is for tests). */
export function parseFrame(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Narrows a parsed frame to a plain JSON object. */
export { isRecord } from '../records.js';

import { parseJson } from '../json.js';
import { compilePath } from '../paths.js';

/** Segments that would reach an object's prototype instead of its data (as in src/paths.ts). */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Compiles `messages.decode` (README "How replies are read"): each path whose value is a string holding JSON gets that
 * JSON in its place (Amazon Connect's `content`). A value that is not a string, or not JSON, is
 * left as it is. The frame is freshly parsed, so it is changed in place. Paths are decoded in the
 * order given, so `a` then `a.b` reaches JSON nested twice.
 */
export function compileDecode(paths: readonly string[]): (frame: unknown) => unknown {
  const steps = paths.map(decodeStep);
  if (steps.length === 0) return (frame) => frame;
  return (frame) => steps.reduce((value, step) => step(value), frame);
}

function decodeStep(path: string): (frame: unknown) => unknown {
  if (path === '') return (frame) => parsed(frame) ?? frame;
  const segments = path.split('.');
  if (segments.some((segment) => FORBIDDEN.has(segment))) return (frame) => frame;
  const key = segments.pop()!;
  const parentOf = compilePath(segments.join('.'));
  return (frame) => {
    const parent = parentOf(frame);
    if (parent === null || typeof parent !== 'object' || !Object.prototype.hasOwnProperty.call(parent, key)) return frame;
    if (Array.isArray(parent) && !/^\d+$/.test(key)) return frame;
    const value = parsed((parent as Record<string, unknown>)[key]);
    if (value !== undefined) (parent as Record<string, unknown>)[key] = value;
    return frame;
  };
}

/** The JSON a string holds, or undefined when it is not a string or not JSON. */
function parsed(value: unknown): unknown {
  return typeof value === 'string' ? parseJson(value) : undefined;
}

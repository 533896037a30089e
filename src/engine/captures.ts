import type { AgentTurn, ExpectationResult } from '../../machines/types.js';
import { compileMatcher } from '../config/load.js';
import type { Capture } from '../config/types.js';
import { compilePath } from '../paths.js';
import { quoteGot } from './expectation-text.js';

/** The first value at a path among a reply's accepted frames (README "Captures and more expectations"). */
export function firstFrameValue(frames: readonly unknown[], read: (frame: unknown) => unknown): unknown {
  for (const frame of frames) {
    const value = read(frame);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A captured value is text: strings as they are, anything else as its JSON. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export type CaptureRunner = (turn: number, reply: AgentTurn) => { result: ExpectationResult; value?: string };

/** Compiles one capture once: a regex (group 1, else the whole match) or a frame path. */
export function compileCapture(name: string, capture: Capture): CaptureRunner {
  if (typeof capture === 'string') {
    const regex = compileMatcher(capture);
    return (turn, reply) => {
      regex.lastIndex = 0;
      const match = regex.exec(reply.text);
      const value = match ? (match[1] ?? match[0]) : undefined;
      const result: ExpectationResult = { turn, kind: 'capture', name, value: capture, ok: value !== undefined };
      return value === undefined ? { result: { ...result, got: quoteGot(reply.text) } } : { result, value };
    };
  }
  const read = compilePath(capture.path);
  return (turn, reply) => {
    const found = firstFrameValue(reply.frames ?? [], read);
    const result: ExpectationResult = { turn, kind: 'capture', name, value: `path ${capture.path}`, ok: found !== undefined };
    if (found === undefined) return { result: { ...result, got: `no frame with ${capture.path} (${(reply.frames ?? []).length} accepted)` } };
    return { result, value: asText(found) };
  };
}

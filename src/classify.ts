import type { DropClass } from '../machines/types.js';
import type { MessagesConfig } from './config/types.js';
import { compilePath } from './paths.js';

/** One inbound frame, classified (SPEC §2). `ready` only matters while awaiting the handshake. */
export interface ClassifiedFrame {
  class: DropClass | 'text';
  /** The value at `typePath` equals `readyType`. */
  ready: boolean;
  text?: string;
  /** The parsed JSON, when the frame was JSON (probe shows it). */
  json?: unknown;
}

export type Classifier = (data: string | Buffer, isBinary: boolean) => ClassifiedFrame;

const BINARY: ClassifiedFrame = { class: 'binary', ready: false };
const INVALID: ClassifiedFrame = { class: 'invalidJson', ready: false };

/**
 * Builds the classifier once per conversation, with every path compiled, so each frame costs one
 * JSON.parse and a few property reads. The order of checks is SPEC §2's and must not change.
 */
export function createClassifier(messages: MessagesConfig, readyType?: string): Classifier {
  const typeOf = messages.typePath === '' ? null : compilePath(messages.typePath);
  const textOf = compilePath(messages.textPath);
  const directionOf =
    messages.directionPath && messages.outboundDirection !== undefined ? compilePath(messages.directionPath) : null;
  const textTypes = new Set(messages.textTypes);
  const awaitsReady = readyType !== undefined && readyType !== '' && typeOf !== null;

  return (data, isBinary) => {
    if (isBinary) return BINARY;
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
    } catch {
      return INVALID;
    }
    const type = typeOf ? typeOf(json) : undefined;
    const ready = awaitsReady && type === readyType;
    if (directionOf && directionOf(json) !== messages.outboundDirection) return { class: 'direction', ready, json };
    if (typeOf && !(typeof type === 'string' && textTypes.has(type))) return { class: 'type', ready, json };
    const text = textOf(json);
    if (typeof text !== 'string' || text === '') return { class: 'noText', ready, json };
    return { class: 'text', ready, text, json };
  };
}

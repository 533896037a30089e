import type { IncomingMessage } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { headerValue } from './http.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause before the first message of a reply, then between its messages (ms, before timeScale). */
const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;

/** The simple profile's optional gates (connection pattern 2 of the README). */
export interface SimpleGates {
  authorization?: string | undefined;
  requiredHeaders?: Record<string, string> | undefined;
  requireInit?: unknown;
}

/** The user's text of a default-format frame `{type:'message', text}`, else `undefined`. */
function userText(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.type !== 'message') return undefined;
  return typeof frame.text === 'string' ? frame.text : undefined;
}

/** 401 for a wrong Authorization, then 403 for a missing or different required header. */
export function simpleRefusal(req: IncomingMessage, gates: SimpleGates): number | undefined {
  if (gates.authorization !== undefined && headerValue(req.headers, 'authorization') !== gates.authorization) {
    return 401;
  }
  const headers = Object.entries(gates.requiredHeaders ?? {});
  if (headers.some(([name, value]) => headerValue(req.headers, name) !== value)) return 403;
  return undefined;
}

/**
 * Speaks the default format on `conn`: each `{type:'message', text}` gets one
 * `{type:'message', text}` frame per answer message. With `requireInit`, user messages are
 * refused with an error frame until a frame deep-equal to it arrives. Other frames are ignored.
 */
export function speakDefaultFormat(conn: DemoConnection, requireInit?: unknown): void {
  let initialized = requireInit === undefined;
  conn.onFrame((frame) => {
    if (!initialized && isDeepStrictEqual(frame, requireInit)) {
      initialized = true;
      return;
    }
    const text = userText(frame);
    if (text === undefined) return;
    if (!initialized) {
      conn.send({ type: 'error', text: 'init required' });
      return;
    }
    answerFor(text).forEach((message, index) => {
      conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, { type: 'message', text: message });
    });
  });
}

/** The simple profile: connection patterns 1 (no gates) and 2 of the README (authorization, headers, init). */
export function simpleProfile(gates: SimpleGates): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: (req) => simpleRefusal(req, gates),
    attach: (conn) => speakDefaultFormat(conn, gates.requireInit),
    request: upgradeRequired,
  };
}

import type { IncomingMessage } from 'node:http';
import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/**
 * The busy profile's load curve (ms, before timeScale): flat up to `FREE_SESSIONS` open sessions,
 * then each further session adds `PER_SESSION_MS` to every reply, so `parley load` shows a knee.
 */
const BASE_DELAY_MS = 20;
const FREE_SESSIONS = 20;
const PER_SESSION_MS = 8;
const NEXT_DELAY_MS = 10;

/** The first message's delay with `sessions` open: the knee is at {@link FREE_SESSIONS}. */
export function busyDelayMs(sessions: number): number {
  return BASE_DELAY_MS + PER_SESSION_MS * Math.max(0, sessions - FREE_SESSIONS);
}

/**
 * The busy profile: the simple profile's protocol and answers, slower the more sessions are open
 * at once (a stand-in for an agent whose model or database saturates), for trying `parley load`.
 */
export function busyProfile(): ProfileHandler {
  let sessions = 0;
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: (conn: DemoConnection, req: IncomingMessage) => {
      sessions += 1;
      req.socket.once('close', () => (sessions -= 1));
      conn.onFrame((frame) => {
        if (!isRecord(frame) || frame.type !== 'message' || typeof frame.text !== 'string') return;
        answerFor(frame.text).forEach((text, index) => {
          conn.later(index === 0 ? busyDelayMs(sessions) : NEXT_DELAY_MS, { type: 'message', text });
        });
      });
    },
    request: upgradeRequired,
  };
}

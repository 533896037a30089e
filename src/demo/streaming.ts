import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** Pause between tokens (ms, before timeScale): far shorter than any quiet period. */
const TOKEN_DELAY_MS = 15;

/** The user's text of `{type:'prompt', text}`, else `undefined`. */
function promptText(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.type !== 'prompt') return undefined;
  return typeof frame.text === 'string' ? frame.text : undefined;
}

/** `"We open at 9"` → `["We", " open", " at", " 9"]`: word-sized deltas, spaces kept. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/**
 * Streams like an LLM chat API: the answer as `{type:'delta', delta}` frames a few characters
 * each, then `{type:'done'}`. Read one per line, the reply would be one word per line; joined
 * with `joinWith: ""` and ended by `turnEndTypes: [done]`, it is the sentence, at once.
 */
function speakStream(conn: DemoConnection): void {
  conn.onFrame((frame) => {
    const text = promptText(frame);
    if (text === undefined) return;
    const answer = answerFor(text).join(' ');
    for (const delta of tokensOf(answer)) conn.later(TOKEN_DELAY_MS, { type: 'delta', delta });
    conn.later(TOKEN_DELAY_MS, { type: 'done', finish_reason: 'stop' });
  });
}

/** The streaming profile: token deltas and a completion frame. */
export function streamingProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/stream' },
    refusal: () => undefined,
    attach: speakStream,
    request: upgradeRequired,
  };
}

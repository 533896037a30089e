import { answerFor } from './answers.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import { upgradeRequired, type ProfileHandler } from './handler.js';

/** The deployment the demo serves, as in the README's Genesys example. */
const DEPLOYMENT_ID = 'dep-1';
/** Pause before the first answer message, then between answer messages (ms, before timeScale). */
const FIRST_DELAY_MS = 100;
const NEXT_DELAY_MS = 80;

const SESSION_RESPONSE = { type: 'response', class: 'SessionResponse', code: 200, body: { connected: true } };
const INVALID_TOKEN = { type: 'response', class: 'string', code: 400, body: 'Invalid token' };
const TYPING = { type: 'message', class: 'TypingIndicator', body: { direction: 'Outbound' } };

/** A structured text message as Genesys sends it; `Inbound` ones are echoes of the guest. */
function structured(direction: 'Inbound' | 'Outbound', text: string): unknown {
  return { type: 'message', class: 'StructuredMessage', code: 200, body: { direction, type: 'Text', text } };
}

/** The token of a valid `configureSession` frame, else `undefined`. */
function configuredToken(frame: unknown): string | undefined {
  if (!isRecord(frame) || frame.action !== 'configureSession' || frame.deploymentId !== DEPLOYMENT_ID) {
    return undefined;
  }
  return typeof frame.token === 'string' && frame.token !== '' ? frame.token : undefined;
}

/** The guest's text of `{action:'onMessage', message:{type:'Text', text}}`, else `undefined`. */
function guestText(frame: Record<string, unknown>): string | undefined {
  const message = frame.message;
  if (frame.action !== 'onMessage' || !isRecord(message) || message.type !== 'Text') return undefined;
  return typeof message.text === 'string' ? message.text : undefined;
}

/** Echo (for direction filtering), typing (for type filtering), then the answer, paced. */
function reply(conn: DemoConnection, text: string): void {
  conn.send(structured('Inbound', text));
  conn.later(0, TYPING);
  answerFor(text).forEach((message, index) => {
    conn.later(index === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, structured('Outbound', message));
  });
}

/**
 * A guest session: the first frame must configure it with a token, and every later frame must
 * carry that same token (what `{{simulation.id}}` provides), else `Invalid token`. A wrong token
 * is refused frame by frame; it does not end the session.
 */
function speakGenesys(conn: DemoConnection): void {
  let token: string | undefined;
  conn.onFrame((frame) => {
    if (token === undefined) {
      token = configuredToken(frame);
      conn.send(token === undefined ? INVALID_TOKEN : SESSION_RESPONSE);
    } else if (!isRecord(frame) || frame.token !== token) {
      conn.send(INVALID_TOKEN);
    } else if (frame.action === 'configureSession') {
      conn.send(configuredToken(frame) === token ? SESSION_RESPONSE : INVALID_TOKEN);
    } else {
      const text = guestText(frame);
      if (text !== undefined) reply(conn, text);
    }
  });
}

/** The genesys profile: a Genesys Cloud Web Messaging guest session (README "Connecting to your agent", Genesys). */
export function genesysProfile(): ProfileHandler {
  return {
    entry: { scheme: 'ws', path: '/ws' },
    refusal: () => undefined,
    attach: speakGenesys,
    request: upgradeRequired,
  };
}

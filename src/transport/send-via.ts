import type { Choice } from '../../machines/types.js';
import type { SendViaConfig } from '../config/types.js';
import type { JsonValue } from '../json.js';
import { ParleyError, sendFailed as sendFailedInfo } from '../errors.js';
import { renderHeaders } from '../headers.js';
import type { Redactor } from '../redact.js';
import { compileTemplate, renderText, renderValue, type OutgoingMessage, type TemplateVars } from '../template.js';
import { httpRequest, HttpFailure, statusProblem } from './http.js';

/** Sends one user message as an HTTP request; rejects with a `send-failed` ParleyError. */
export type SendVia = (message: Required<OutgoingMessage> & { click?: Choice }, signal: AbortSignal) => Promise<void>;

export interface SendViaOptions {
  config: SendViaConfig;
  /** The send template, or `sendFrames`: one request per item, in order, each awaited. */
  bodies: readonly JsonValue[];
  /** What a click sends instead. @default the bodies, with the payload as the message */
  clickTemplate?: JsonValue;
  /** Everything but the message: env, simulation, case and setup values. */
  vars: TemplateVars;
  /** The setup request's budget, per request (README "Config reference"). */
  timeoutMs: number;
  redactor: Redactor;
}

function sendFailed(redactor: Redactor, detail: string, cause?: unknown): ParleyError {
  return ParleyError.from(sendFailedInfo(redactor.redact(detail)), cause);
}

/**
 * `messages.sendVia` (README "Config reference"): the send template, rendered, is the body of one request per user
 * message, on the same ky request and redaction the setup request uses. URL and headers may name
 * the message (`{{message.id}}`), so they are rendered per message; their secrets join the redactor.
 */
export function createSendVia(options: SendViaOptions): SendVia {
  const { config, redactor, timeoutMs } = options;
  const bodies = options.bodies.map((body) => compileTemplate(body, options.vars));
  return async (message, signal) => {
    const vars: TemplateVars = { ...options.vars, messageSeq: message.seq, messageId: message.id };
    const headers = renderHeaders(config.headers, vars, { redactor });
    const url = renderText(config.url, vars);
    const { clickTemplate } = options;
    if (message.click && clickTemplate !== undefined) {
      return post({ url, method: config.method, headers, body: renderValue(clickTemplate, clickVars(vars, message, message.click)), timeoutMs, signal }, redactor);
    }
    for (const body of bodies) {
      if (signal.aborted) return;
      await post({ url, method: config.method, headers, body: body(message), timeoutMs, signal }, redactor);
    }
  };
}

async function post(request: Parameters<typeof httpRequest>[0], redactor: Redactor): Promise<void> {
  let response: Response;
  try {
    response = await httpRequest(request);
  } catch (error) {
    throw sendFailed(redactor, error instanceof HttpFailure ? error.message : String(error), error);
  }
  const problem = statusProblem(response);
  // The body is not needed, but an unread one keeps the connection busy.
  await response.body?.cancel().catch(() => undefined);
  if (problem) throw sendFailed(redactor, `${request.method} ${request.url}: ${problem}`);
}

/** What `clickTemplate` fills in: the message placeholders (the payload as `{{message}}`) and the choice. */
export function clickVars(vars: TemplateVars, message: Required<OutgoingMessage>, choice: Choice): TemplateVars {
  return { ...vars, message: message.text, messageSeq: message.seq, messageId: message.id, choice };
}

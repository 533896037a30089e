import type { Choice } from '../../machines/types.js';
import type { SendViaConfig } from '../config/types.js';
import type { JsonValue } from '../json.js';
import { ParleyError, sendFailed as sendFailedInfo } from '../errors.js';
import type { Redactor } from '../redact.js';
import { compileTemplate, renderString, renderValue, type OutgoingMessage, type TemplateVars } from '../template.js';
import { httpRequest, HttpFailure, statusProblem } from './http.js';

/** Sends one user message as an HTTP request; rejects with a `send-failed` ParleyError. */
export type SendVia = (message: Required<OutgoingMessage> & { click?: Choice }, signal: AbortSignal) => Promise<void>;

export interface SendViaOptions {
  config: SendViaConfig;
  sendTemplate: JsonValue;
  /** What a click sends instead (SPEC §16). @default sendTemplate, with the payload as the message */
  clickTemplate?: JsonValue;
  /** Everything but the message: env, simulation, case and setup values. */
  vars: TemplateVars;
  /** The setup request's budget, per request (SPEC §9.2). */
  timeoutMs: number;
  redactor: Redactor;
}

const asText = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value));

function sendFailed(redactor: Redactor, detail: string, cause?: unknown): ParleyError {
  const info = sendFailedInfo(redactor.redact(detail));
  return new ParleyError(info.code, info.message, { cause });
}

/**
 * `messages.sendVia` (SPEC §9.2): the send template, rendered, is the body of one request per user
 * message, on the same ky request and redaction the setup request uses. URL and headers may name
 * the message (`{{message.id}}`), so they are rendered per message; their secrets join the redactor.
 */
export function createSendVia(options: SendViaOptions): SendVia {
  const { config, redactor, timeoutMs } = options;
  const body = compileTemplate(options.sendTemplate, options.vars);
  return async (message, signal) => {
    const vars: TemplateVars = { ...options.vars, messageSeq: message.seq, messageId: message.id };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers)) headers[name] = asText(renderString(value, vars));
    redactor.addHeaders(headers);
    const url = asText(renderString(config.url, vars));
    let response: Response;
    try {
      const { clickTemplate } = options;
      const sent = message.click && clickTemplate !== undefined ? renderValue(clickTemplate, clickVars(vars, message, message.click)) : body(message);
      response = await httpRequest({ url, method: config.method, headers, body: sent, timeoutMs, signal });
    } catch (error) {
      throw sendFailed(redactor, error instanceof HttpFailure ? error.message : String(error), error);
    }
    const problem = statusProblem(response);
    // The body is not needed, but an unread one keeps the connection busy.
    await response.body?.cancel().catch(() => undefined);
    if (problem) throw sendFailed(redactor, `${config.method} ${url}: ${problem}`);
  };
}

/** What `clickTemplate` fills in: the message placeholders (the payload as `{{message}}`) and the choice. */
export function clickVars(vars: TemplateVars, message: Required<OutgoingMessage>, choice: Choice): TemplateVars {
  return { ...vars, message: message.text, messageSeq: message.seq, messageId: message.id, choice };
}

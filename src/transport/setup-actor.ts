import ky, { TimeoutError } from 'ky';
import { fromPromise } from 'xstate';
import type { SetupOutput } from '../../machines/types.js';
import type { JsonValue } from '../config/types.js';
import { ParleyError, seconds, setupFailed as setupFailedInfo } from '../errors.js';
import { readPath } from '../paths.js';
import type { Redactor } from '../redact.js';
import { MissingSetupValue } from '../template.js';

/** The http-first session-setup request, rendered, and what to do with its answer. */
export interface SetupPlan {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: JsonValue;
  websocketUrlPath: string;
  timeoutMs: number;
  redactor: Redactor;
  /** Resolves every `{{setup.x}}` against the response and builds the socket's plan. */
  toSocket: (response: JsonValue, websocketUrl: string) => unknown;
  /** Probe sees every JSON response body, before the URL is looked for in it (so a missing one can be found). */
  onBody?: (info: { status: number; body: JsonValue }) => void;
  /** Probe and trace see the request's outcome. */
  onResponse?: (info: { status: number; body: JsonValue; websocketUrl: string; ms: number }) => void;
}

function setupFailed(plan: SetupPlan, detail: string, cause?: unknown): ParleyError {
  const info = setupFailedInfo(plan.redactor.redact(detail));
  return new ParleyError(info.code, info.message, { cause });
}

async function request(plan: SetupPlan, signal: AbortSignal): Promise<Response> {
  try {
    return await ky(plan.url, {
      method: plan.method,
      headers: plan.headers,
      ...(plan.body === undefined ? {} : { json: plan.body }),
      timeout: plan.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      // A session-setup POST that redirects would be re-sent as a GET without its body: refuse it.
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (error instanceof TimeoutError) throw setupFailed(plan, `no response within ${seconds(plan.timeoutMs)}`, error);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw setupFailed(plan, `${plan.method} ${plan.url}: ${detail}`, error);
  }
}

async function readJson(plan: SetupPlan, response: Response): Promise<JsonValue> {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? 'nowhere';
    throw setupFailed(plan, `HTTP ${response.status} redirect to ${location} (redirects are not followed)`);
  }
  if (!response.ok) throw setupFailed(plan, `HTTP ${response.status} ${response.statusText}`.trim());
  const text = await response.text();
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw setupFailed(plan, `HTTP ${response.status} response is not JSON`);
  }
}

/** The http-first setup request, on ky: one attempt, bounded by the connect timeout. */
export const setupActor = fromPromise<SetupOutput, SetupPlan>(async ({ input: plan, signal }) => {
  const startedAt = performance.now();
  const response = await request(plan, signal);
  const body = await readJson(plan, response);
  plan.onBody?.({ status: response.status, body });
  const websocketUrl = readPath(body, plan.websocketUrlPath);
  if (typeof websocketUrl !== 'string' || !/^wss?:\/\//i.test(websocketUrl)) {
    const found = typeof websocketUrl === 'string' ? `"${plan.redactor.redact(websocketUrl)}", not a ws:// or wss:// URL` : 'nothing';
    throw new ParleyError('setup-no-url', `Session setup response has no WebSocket URL at ${plan.websocketUrlPath} (found ${found})`);
  }
  plan.onResponse?.({ status: response.status, body, websocketUrl, ms: performance.now() - startedAt });
  try {
    return { socket: plan.toSocket(body, websocketUrl) };
  } catch (error) {
    if (error instanceof MissingSetupValue) throw setupFailed(plan, error.message, error);
    throw error;
  }
});

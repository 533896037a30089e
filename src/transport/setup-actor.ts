import { fromPromise } from 'xstate';
import type { SetupOutput } from '../../machines/types.js';
import type { JsonValue } from '../json.js';
import { ParleyError, setupFailed as setupFailedInfo, setupNoUrl } from '../errors.js';
import { readPath } from '../paths.js';
import type { Redactor } from '../redact.js';
import { MissingSetupValue } from '../template.js';
import { httpRequest, HttpFailure, statusProblem } from './http.js';

/** The http-first session-setup request, rendered, and what to do with its answer. */
export interface SetupPlan {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: JsonValue;
  websocketUrlPath: string;
  /** socket.io also starts from an http(s):// URL. @default false */
  acceptsHttpUrl?: boolean;
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
  return ParleyError.from(setupFailedInfo(plan.redactor.redact(detail)), cause);
}

async function request(plan: SetupPlan, signal: AbortSignal): Promise<Response> {
  try {
    return await httpRequest({ ...plan, timeoutMs: plan.timeoutMs, signal });
  } catch (error) {
    throw setupFailed(plan, error instanceof HttpFailure ? error.message : String(error), error);
  }
}

async function readJson(plan: SetupPlan, response: Response): Promise<JsonValue> {
  const problem = statusProblem(response);
  if (problem) throw setupFailed(plan, problem);
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
  const scheme = plan.acceptsHttpUrl ? /^(wss?|https?):\/\//i : /^wss?:\/\//i;
  if (typeof websocketUrl !== 'string' || !scheme.test(websocketUrl)) {
    const found = typeof websocketUrl === 'string' ? `"${plan.redactor.redact(websocketUrl)}", not a ws:// or wss:// URL` : 'nothing';
    throw ParleyError.from(setupNoUrl(plan.websocketUrlPath, found));
  }
  plan.onResponse?.({ status: response.status, body, websocketUrl, ms: performance.now() - startedAt });
  try {
    return { socket: plan.toSocket(body, websocketUrl), socketUrl: plan.redactor.redact(websocketUrl) };
  } catch (error) {
    if (error instanceof MissingSetupValue) throw setupFailed(plan, error.message, error);
    throw error;
  }
});

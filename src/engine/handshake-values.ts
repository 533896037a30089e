import mapValues from 'lodash-es/mapValues.js';
import type { HandshakeStep } from '../config/types.js';
import { ParleyError, handshakeCaptureMissing, setupFailed } from '../errors.js';
import type { HandshakeRuntime } from '../handshake-steps.js';
import type { JsonValue } from '../json.js';
import { compilePath } from '../paths.js';
import type { Redactor } from '../redact.js';
import { renderText, renderValue, type TemplateVars } from '../template.js';
import { httpRequest, HttpFailure, statusProblem } from '../transport/http.js';

export interface HandshakeRuntimeOptions {
  steps: readonly HandshakeStep[];
  /** The conversation's vars; `handshake` is filled in as steps capture. */
  vars: TemplateVars;
  redactor: Redactor;
  /** The setup request's budget, per http step. */
  timeoutMs: number;
  /** Called after new values land, so what is rendered with them is rendered again. */
  onValues: (vars: TemplateVars) => void;
}

/** Whether any step captures: without captures, the plan needs no runtime at all. */
export const capturesValues = (steps: readonly HandshakeStep[]) => steps.some((step) => step.capture !== undefined || step.http !== undefined);

/** The {@link HandshakeRuntime} of one conversation; `values` start empty. */
export function createHandshakeRuntime(options: HandshakeRuntimeOptions): HandshakeRuntime {
  const { steps, redactor } = options;
  const values: Record<string, JsonValue> = {};
  const readers = steps.map((step) => Object.entries(mapValues(step.capture ?? {}, (path) => ({ path, read: compilePath(path) }))));
  let current = -1;
  /** Reads the step's captures from `source`; the path of the first that finds nothing, or null. */
  const take = (index: number, source: unknown, secret: boolean): string | null => {
    for (const [name, { path, read }] of readers[index] ?? []) {
      const value = read(source);
      if (value === undefined) return path;
      values[name] = value as JsonValue;
      if (secret) redactor.add(typeof value === 'string' ? value : JSON.stringify(value));
    }
    options.onValues({ ...options.vars, handshake: values });
    return null;
  };
  return {
    enter(index) {
      current = index;
    },
    capture(answered, json) {
      if (!answered.includes(current) || (readers[current]?.length ?? 0) === 0) return null;
      const missing = take(current, json, false);
      return missing === null ? null : handshakeCaptureMissing(current + 1, missing, 'frame');
    },
    async http(index, signal) {
      current = index;
      const body = await request(index, steps[index]!, { ...options.vars, handshake: values }, options, signal);
      const missing = take(index, body, true);
      if (missing !== null) {
        const info = handshakeCaptureMissing(index + 1, missing, 'response');
        throw new ParleyError(info.code, info.message);
      }
    },
  };
}

/** One http step's request, made like the setup request; its JSON body (`null` for an empty one). */
async function request(index: number, step: HandshakeStep, vars: TemplateVars, options: HandshakeRuntimeOptions, signal: AbortSignal): Promise<unknown> {
  const http = step.http!;
  const { redactor } = options;
  const fail = (detail: string, cause?: unknown) => {
    const info = setupFailed(redactor.redact(`handshake step ${index + 1}: ${detail}`));
    return new ParleyError(info.code, info.message, { cause });
  };
  const headers = mapValues(http.headers, (value) => renderText(value, vars));
  redactor.addHeaders(http.headers).addHeaders(headers);
  const url = renderText(http.url, vars);
  let response: Response;
  try {
    response = await httpRequest({
      url,
      method: http.method,
      headers,
      ...(http.body === undefined ? {} : { body: renderValue(http.body, vars) }),
      timeoutMs: options.timeoutMs,
      signal,
    });
  } catch (error) {
    throw fail(error instanceof HttpFailure ? error.message : String(error), error);
  }
  const problem = statusProblem(response);
  if (problem) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`${http.method} ${url}: ${problem}`);
  }
  const text = await response.text();
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail(`${http.method} ${url}: HTTP ${response.status} response is not JSON`);
  }
}

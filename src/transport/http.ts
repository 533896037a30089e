import ky, { TimeoutError } from 'ky';
import type { JsonValue } from '../json.js';
import { seconds } from '../errors.js';

/** One HTTP request as the setup and sendVia actors make it. */
export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: JsonValue;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Why a request got no answer, in words for an error message (never holding a header value). */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * One attempt on ky, bounded by `timeoutMs`. Redirects are refused: a POST that redirects would be
 * re-sent as a GET without its body. Any status is returned; the caller decides what is a failure.
 */
export async function httpRequest(request: HttpRequest): Promise<Response> {
  try {
    return await ky(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { json: request.body }),
      timeout: request.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      redirect: 'manual',
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    if (error instanceof TimeoutError) throw new HttpFailure(`no response within ${seconds(request.timeoutMs)}`, true, { cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new HttpFailure(`${request.method} ${request.url}: ${detail}`, false, { cause: error });
  }
}

/** A redirect or another non-2xx status, described; null for a 2xx. */
export function statusProblem(response: Response): string | null {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? 'nowhere';
    return `HTTP ${response.status} redirect to ${location} (redirects are not followed)`;
  }
  return response.ok ? null : `HTTP ${response.status} ${response.statusText}`.trim();
}

import { ParleyError } from '../errors.js';

/** `llm-failed` (SPEC §13): the model could not be reached or understood. */
export function llmFailed(reason: string, cause?: unknown): ParleyError {
  return new ParleyError('llm-failed', `Language model request failed: ${reason}`, cause === undefined ? {} : { cause });
}

/** The server answered with an HTTP error status (the judge retries a 400 without response_format). */
export class ModelHttpError extends ParleyError {
  constructor(readonly status: number, detail: string) {
    super('llm-failed', `Language model request failed: HTTP ${status}${detail ? ` (${detail})` : ''}`);
  }
}

/** `--llm-replay` and the answer is not in the cache. */
export class CacheMiss extends ParleyError {
  constructor(hash: string) {
    super('llm-failed', `Language model request failed: not in the --llm-cache folder (--llm-replay), request ${hash.slice(0, 12)}`);
  }
}

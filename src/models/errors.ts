import { llmFailed as llmFailedInfo } from '../../machines/errors.js';
import { ParleyError } from '../errors.js';

/** `llm-failed` (README "Error codes") as a throwable, for the model actors: the model could not be reached or understood. */
export function llmFailed(reason: string): ParleyError {
  return ParleyError.from(llmFailedInfo(reason));
}

/** The server answered with an HTTP error status (the judge retries a 400 without response_format). */
export class ModelHttpError extends ParleyError {
  constructor(readonly status: number, detail: string) {
    super('llm-failed', llmFailedInfo(`HTTP ${status}${detail ? ` (${detail})` : ''}`).message);
  }
}

/** `--llm-replay` and the answer is not in the cache. */
export class CacheMiss extends ParleyError {
  constructor(hash: string) {
    super('llm-failed', llmFailedInfo(`not in the --llm-cache folder (--llm-replay), request ${hash.slice(0, 12)}`).message);
  }
}

/**
 * Errors Parley throws. The codes, `ErrorInfo` and the message factories live with the machines
 * (machines/errors.ts), which import nothing from src/; they are re-exported here for src/.
 */
import { ERROR_PREFIX, type ErrorCode, type ErrorInfo } from '../machines/errors.js';

export * from '../machines/errors.js';

/** Every error Parley throws: a message for people and a stable `code` for programs. */
export class ParleyError extends Error {
  override name = 'ParleyError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The error a result's `ErrorInfo` stands for, thrown where a caller awaits it (`cause`: what led to it). */
  static from(info: ErrorInfo, cause?: unknown): ParleyError {
    return new ParleyError(info.code, info.message, cause === undefined ? undefined : { cause });
  }

  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** One problem in a config or test-set file: where (dot path) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A file failed validation. `issues` lists every problem, each on its own line in `message`. */
export class ConfigError extends ParleyError {
  override name = 'ConfigError';
  readonly file: string | undefined;
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], file?: string) {
    const where = file ? ` in ${file}` : '';
    const lines = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super('config-invalid', `${ERROR_PREFIX['config-invalid']}${where}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    this.file = file;
    this.issues = issues;
  }
}

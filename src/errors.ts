/**
 * Stable error codes (SPEC §5). Each is catalogued in the README; tests match on them, so a code
 * never changes meaning once released.
 */
export type ErrorCode =
  | 'setup-failed'
  | 'setup-no-url'
  | 'connect-timeout'
  | 'connect-failed'
  | 'handshake-timeout'
  | 'response-timeout'
  | 'agent-closed'
  | 'connection-lost'
  | 'expectation-failed'
  | 'cancelled'
  | 'config-invalid'
  | 'internal-error'
  // SPEC §13
  | 'agent-error'
  | 'send-failed'
  | 'judge-failed'
  | 'llm-failed'
  | 'worker-lost';

/** The plain, serialisable form an error takes in results, traces and machine context. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Every error Parley throws: a message for people and a stable `code` for programs. */
export class ParleyError extends Error {
  override name = 'ParleyError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
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
    super('config-invalid', `Invalid configuration${where}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    this.file = file;
    this.issues = issues;
  }
}

/** Turns anything thrown into the serialisable form, keeping a Parley code when there is one. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ParleyError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal-error', message: `Internal error: ${message}` };
}

/**
 * Stable error codes (README "Error codes") and the one factory for each message the engine builds. Each
 * code is catalogued in the README; tests match on the code and on the message's prefix, so a
 * code never changes meaning once released and its text is written only here.
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
  // README "Error codes"
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

/** How each code's message begins (README "Error codes"): the factories below and the tests use these. */
export const ERROR_PREFIX: Readonly<Record<ErrorCode, string>> = {
  'setup-failed': 'Session setup failed',
  'setup-no-url': 'Session setup response has no WebSocket URL at',
  'connect-timeout': 'Timeout connecting to WebSocket',
  'connect-failed': 'Failed to connect to WebSocket',
  'handshake-timeout': 'Handshake timeout',
  'response-timeout': 'No reply within',
  'agent-closed': 'Agent closed the connection',
  'connection-lost': 'Connection lost',
  'expectation-failed': 'Expectation failed',
  cancelled: 'Cancelled',
  'config-invalid': 'Invalid configuration',
  'internal-error': 'Internal error',
  'agent-error': 'Agent reported an error',
  'send-failed': 'Failed to send message',
  'judge-failed': 'Judge: criterion not met',
  'llm-failed': 'Language model request failed',
  'worker-lost': 'Worker lost',
};

/** `12 s`, `0.5 s`: config seconds as the messages show them. */
export const seconds = (ms: number): string => `${ms / 1000} s`;

/** The text of anything thrown, without its stack. */
export const describeThrown = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The setup response held no usable socket URL at `path`; `found` says what was there (redacted). */
export const setupNoUrl = (path: string, found: string): ErrorInfo => ({
  code: 'setup-no-url',
  message: `${ERROR_PREFIX['setup-no-url']} ${path} (found ${found})`,
});

/** The session-setup request failed (`detail` already redacted). */
export const setupFailed = (detail: string): ErrorInfo => ({ code: 'setup-failed', message: `${ERROR_PREFIX['setup-failed']}: ${detail}` });

/**
 * The socket could not be opened. `url` (already redacted) is named when the failure is about
 * reaching it; `detail` says what went wrong.
 */
export const connectFailed = (detail: string, url?: string): ErrorInfo => ({
  code: 'connect-failed',
  message: `${ERROR_PREFIX['connect-failed']}${url === undefined ? '' : ` ${url}`}: ${detail}`,
});

/**
 * No open socket within the connect budget. The conversation's `connectTimeout` delay owns it;
 * `url` (already redacted) is named like {@link connectFailed} names it.
 */
export const connectTimeout = (budgetMs: number, url?: string): ErrorInfo => ({
  code: 'connect-timeout',
  message: `${ERROR_PREFIX['connect-timeout']}${url === undefined ? '' : ` ${url}`}: no open socket within ${seconds(budgetMs)}`,
});

/** An open socket broke (`detail` already redacted). */
export const connectionLost = (detail: string): ErrorInfo => ({
  code: 'connection-lost',
  message: `${ERROR_PREFIX['connection-lost']}: ${detail}`,
});

/** The agent sent an `errorTypes` message (README "How replies are read"); `detail` is what it said, masked and cut. */
export const agentError = (detail: string | undefined): ErrorInfo => ({
  code: 'agent-error',
  message: `${ERROR_PREFIX['agent-error']}: ${detail ?? 'no detail'}`,
});

/** A bug of ours (or of a callback we were given): whatever was thrown, without a stack. */
export const internalError = (error: unknown): ErrorInfo => ({
  code: 'internal-error',
  message: `${ERROR_PREFIX['internal-error']}: ${describeThrown(error)}`,
});

/** Expectations of one or more replies did not hold: each detail says what was asked and what came. */
export const expectationFailed = (details: readonly string[]): ErrorInfo => ({
  code: 'expectation-failed',
  message: `${ERROR_PREFIX['expectation-failed']}: ${details.join('; ')}`,
});

/** A judge criterion was not met (fail or inconclusive); each part quotes one criterion. */
export const judgeFailed = (parts: readonly string[]): ErrorInfo => ({
  code: 'judge-failed',
  message: `${ERROR_PREFIX['judge-failed']}: ${parts.join('; ')}`,
});

/** The model could not be reached or understood (`reason` already free of the API key). */
export const llmFailed = (reason: string): ErrorInfo => ({ code: 'llm-failed', message: `${ERROR_PREFIX['llm-failed']}: ${reason}` });

/**
 * A provided actor's thrown error keeps the code and message it carries; anything else becomes
 * `otherwise` of its text (a bug of ours, unless the caller knows better: a failed setup).
 */
export function thrownErrorInfo(error: unknown, otherwise: (detail: string) => ErrorInfo = (detail) => internalError(detail)): ErrorInfo {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    if (typeof code === 'string' && code in ERROR_PREFIX && typeof message === 'string') return { code: code as ErrorCode, message };
  }
  return otherwise(describeThrown(error));
}

/** No reply started within `budgetMs`: to user turn `turn`, or (no turn) the agent's opening turn. */
export const responseTimeout = (budgetMs: number, turn?: number): ErrorInfo => ({
  code: 'response-timeout',
  message:
    turn === undefined
      ? `${ERROR_PREFIX['response-timeout']} ${seconds(budgetMs)}: the agent sent no opening turn`
      : `${ERROR_PREFIX['response-timeout']} ${seconds(budgetMs)} to turn ${turn}`,
});

/**
 * The agent closed the socket: `when` says when it mattered (`before the case ended`), `close` its
 * code and reason (already redacted).
 */
export const agentClosed = (close: { code: number; reason: string } | null, when?: string): ErrorInfo => ({
  code: 'agent-closed',
  message: `${ERROR_PREFIX['agent-closed']}${when ? ` ${when}` : ''}${close ? ` (code ${close.code}${close.reason ? `: ${close.reason}` : ''})` : ''}`,
});

/** The run (or the caller) stopped what was under way; `why` says who and when. */
export const cancelled = (why: string): ErrorInfo => ({ code: 'cancelled', message: `${ERROR_PREFIX.cancelled}: ${why}` });

/** The simulation's worker died, and so did the one that ran it again (README "Running on many machines"). */
export const workerLost = (): ErrorInfo => ({
  code: 'worker-lost',
  message: `${ERROR_PREFIX['worker-lost']}: the worker running this simulation died, and so did the one that ran it again`,
});

/** A `sendVia` request failed (`detail` already redacted). */
export const sendFailed = (detail: string): ErrorInfo => ({ code: 'send-failed', message: `${ERROR_PREFIX['send-failed']}: ${detail}` });

/**
 * The handshake ran out of time: on a step's `await` (numbered from 1, `awaited` describing the
 * frame it wanted) or on the ready message.
 */
export const handshakeTimeout = (budgetMs: number, step?: { number: number; awaited: string }): ErrorInfo =>
  handshakeTimeoutInfo(
    step ? `step ${step.number} got no frame with ${step.awaited} within ${seconds(budgetMs)}` : `no ready message within ${seconds(budgetMs)}`,
  );

/** A handshake step's `capture` found nothing at `path`: the value the later steps need never came. */
export const handshakeCaptureMissing = (step: number, path: string, where: 'frame' | 'response'): ErrorInfo =>
  handshakeTimeoutInfo(`step ${step} captured nothing at ${path} in the ${where === 'frame' ? 'awaited frame' : 'HTTP response'}`);

const handshakeTimeoutInfo = (detail: string): ErrorInfo => ({
  code: 'handshake-timeout',
  message: `${ERROR_PREFIX['handshake-timeout']}: ${detail}`,
});

import { describe, expect, it } from 'vitest';
import {
  connectFailed,
  connectionLost,
  connectTimeout,
  ERROR_PREFIX,
  internalError,
  setupFailed,
  toErrorInfo,
  type ErrorCode,
} from '../../src/errors.js';

/** SPEC §5 and §13, "message begins", copied by hand: the one table every message is built from must match it. */
const SPEC_PREFIX: Partial<Record<ErrorCode, string>> = {
  'setup-failed': 'Session setup failed:',
  'setup-no-url': 'Session setup response has no WebSocket URL at',
  'connect-timeout': 'Timeout connecting to WebSocket',
  'connect-failed': 'Failed to connect to WebSocket',
  'handshake-timeout': 'Handshake timeout',
  'response-timeout': 'No reply within',
  'agent-closed': 'Agent closed the connection',
  'connection-lost': 'Connection lost',
  'expectation-failed': 'Expectation failed',
  cancelled: 'Cancelled',
  'agent-error': 'Agent reported an error',
  'send-failed': 'Failed to send message',
  'judge-failed': 'Judge: criterion not met',
  'llm-failed': 'Language model request failed',
  'worker-lost': 'Worker lost',
};

describe('error messages (SPEC §5, §13)', () => {
  it('begin as the spec says, for every code it lists', () => {
    for (const [code, prefix] of Object.entries(SPEC_PREFIX)) {
      expect(`${ERROR_PREFIX[code as ErrorCode]}:`.startsWith(prefix) || ERROR_PREFIX[code as ErrorCode].startsWith(prefix), code).toBe(true);
    }
  });

  it('are built by one factory per code, each with its code and prefix', () => {
    expect(setupFailed('HTTP 500')).toEqual({ code: 'setup-failed', message: 'Session setup failed: HTTP 500' });
    expect(connectFailed('refused', 'ws://127.0.0.1:1')).toEqual({
      code: 'connect-failed',
      message: 'Failed to connect to WebSocket ws://127.0.0.1:1: refused',
    });
    expect(connectFailed('closed before it opened').message).toBe('Failed to connect to WebSocket: closed before it opened');
    expect(connectTimeout(1500)).toEqual({ code: 'connect-timeout', message: 'Timeout connecting to WebSocket: no open socket within 1.5 s' });
    expect(connectionLost('reset')).toEqual({ code: 'connection-lost', message: 'Connection lost: reset' });
    expect(internalError(new Error('bug'))).toEqual({ code: 'internal-error', message: 'Internal error: bug' });
    expect(internalError('not an Error').message).toBe('Internal error: not an Error');
    expect(toErrorInfo(new Error('bug'))).toEqual(internalError(new Error('bug')));
  });
});

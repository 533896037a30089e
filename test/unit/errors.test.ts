import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agentClosed,
  cancelled,
  connectFailed,
  connectionLost,
  connectTimeout,
  ERROR_PREFIX,
  internalError,
  ParleyError,
  responseTimeout,
  setupFailed,
  setupNoUrl,
  thrownErrorInfo,
  type ErrorCode,
} from '../../src/errors.js';

/** README "Error codes", "message begins", copied by hand: the one table every message is built from must match it. */
const README_PREFIX: Partial<Record<ErrorCode, string>> = {
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

describe('error messages (README "Error codes")', () => {
  it('begin as the spec says, for every code it lists', () => {
    for (const [code, prefix] of Object.entries(README_PREFIX)) {
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
    expect(thrownErrorInfo(new Error('bug'))).toEqual(internalError(new Error('bug')));
    expect(thrownErrorInfo(new Error('HTTP 502'), setupFailed)).toEqual(setupFailed('HTTP 502'));
    expect(thrownErrorInfo(ParleyError.from(cancelled('the run was interrupted')), setupFailed)).toEqual({
      code: 'cancelled',
      message: 'Cancelled: the run was interrupted',
    });
    expect(responseTimeout(5000, 2).message).toBe('No reply within 5 s to turn 2');
    expect(responseTimeout(500).message).toBe('No reply within 0.5 s: the agent sent no opening turn');
    expect(agentClosed({ code: 1011, reason: 'boom' }, 'before the case ended').message).toBe(
      'Agent closed the connection before the case ended (code 1011: boom)',
    );
    expect(agentClosed({ code: 1000, reason: '' }).message).toBe('Agent closed the connection (code 1000)');
    expect(setupNoUrl('data.url', 'nothing')).toEqual({
      code: 'setup-no-url',
      message: 'Session setup response has no WebSocket URL at data.url (found nothing)',
    });
    const cause = new Error('socket hang up');
    expect(ParleyError.from(setupFailed('HTTP 500'), cause)).toMatchObject({ code: 'setup-failed', message: 'Session setup failed: HTTP 500', cause });
  });

  it('every code has exactly one factory, in machines/errors.ts (config-invalid: ConfigError)', () => {
    const factories = readFileSync('machines/errors.ts', 'utf8');
    for (const code of Object.keys(ERROR_PREFIX)) {
      const built = factories.split(`code: '${code}'`).length - 1;
      expect(built, code).toBe(code === 'config-invalid' ? 0 : 1);
    }
    expect(readFileSync('src/errors.ts', 'utf8')).toContain("super('config-invalid', `${ERROR_PREFIX['config-invalid']}");
  });

  it('no message is built outside its factory: no prefix read, no ParleyError or ErrorInfo written by hand', () => {
    const codes = Object.keys(ERROR_PREFIX).join('|');
    // Each passes on a message its factory already built (a failed expectation's line).
    const passesOn = /^\s*(?:\.map\(\(expectation\) => \(\{ code: 'expectation-failed', message: expectationMessage|return failed \? \{ code: 'expectation-failed', message: failed\.message)/;
    const handWritten = new RegExp(`ERROR_PREFIX\\[|new ParleyError\\('|code: '(?:${codes})'`);
    const offenders = sourceFiles()
      .filter((file) => file !== join('machines', 'errors.ts') && file !== join('src', 'errors.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, where: `${file}:${index + 1}` }))
          .filter(({ line }) => handWritten.test(line) && !passesOn.test(line)),
      );
    expect(offenders.map(({ where, line }) => `${where}: ${line.trim()}`)).toEqual([]);
  });
});

/** Every TypeScript file of the engine and the CLI (the demo agents speak their own protocols). */
function sourceFiles(): string[] {
  return ['src', 'machines'].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.startsWith('demo'))
      .map((file) => join(root, file)),
  );
}

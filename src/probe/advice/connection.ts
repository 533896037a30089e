import type { AgentConfig } from '../../config/types.js';
import type { ProbeObservations } from '../types.js';

/** The HTTP status an engine error message quotes (`HTTP 401 Unauthorized`), if any. */
export function httpStatusIn(message: string): number | null {
  const match = /\bHTTP (\d{3})\b/.exec(message);
  return match ? Number(match[1]) : null;
}

function credentialsNote(config: AgentConfig): string {
  const uses = [config.connection.authorization, ...Object.values(config.connection.headers)].join(' ');
  const env = /\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}/.exec(uses)?.[1];
  return env ? ` The token comes from the environment variable ${env}: check its value.` : '';
}

/** A refused WebSocket upgrade, by status. */
function refusedUpgrade(status: number, config: AgentConfig): string {
  if (status === 401) {
    return (
      `Auth refused: the agent answered the WebSocket handshake with HTTP 401 (Unauthorized). ` +
      `Check connection.authorization${config.connection.authorization ? '' : ' (none is set: does the agent need one?)'} ` +
      `and any credential in connection.headers.${credentialsNote(config)}`
    );
  }
  if (status === 403) {
    return (
      'Auth refused: the agent answered the WebSocket handshake with HTTP 403 (Forbidden): the credentials were ' +
      'not allowed, or a header it requires is missing or wrong. Check connection.authorization and connection.headers.' +
      credentialsNote(config)
    );
  }
  if (status === 404) return 'The agent answered HTTP 404: there is no WebSocket endpoint at that path. Check the URL.';
  return `The server answered HTTP ${status} instead of switching to WebSocket (101). Check the URL and the handshake headers.`;
}

/** A refused or failed session-setup request, by status. */
function refusedSetup(status: number): string {
  if (status === 401 || status === 403) {
    return (
      `Auth refused: the session setup request got HTTP ${status}. Check the credentials in connection.setup.headers ` +
      '(e.g. Authorization) and connection.setup.url.'
    );
  }
  return `The session setup request got HTTP ${status}. Check connection.setup.url, method and body.`;
}

/** What to do when a connection or setup failed before any conversation. */
export function connectionAdvice(observations: ProbeObservations): string[] {
  const { error, config } = observations;
  if (!error) return [];
  const status = httpStatusIn(error.message);
  switch (error.code) {
    case 'setup-failed':
      if (status !== null) return [refusedSetup(status)];
      if (/ECONNREFUSED/.test(error.message)) return ['Nothing is listening at the setup URL: is the agent running, and are host and port right?'];
      return ['The session setup request failed: check connection.setup (URL, method, body, headers).'];
    case 'setup-no-url':
      return [
        `The setup response has no ws:// or wss:// URL at connection.setup.websocketUrlPath (${config.connection.setup?.websocketUrlPath}). ` +
          'Call the setup URL yourself (e.g. with curl) and set websocketUrlPath to where the URL is.',
      ];
    case 'connect-failed':
      if (status !== null) return [refusedUpgrade(status, config)];
      return [connectFailure(error.message)];
    case 'connect-timeout':
      return [
        `No WebSocket opened within connectTimeoutSeconds (${config.connection.connectTimeoutSeconds} s): ` +
          'check the host and port, and any firewall or proxy in between.',
      ];
    default:
      return [];
  }
}

function connectFailure(message: string): string {
  if (/ECONNREFUSED/.test(message)) {
    return 'Nothing is listening there: is the agent running, and are host and port right? (A demo agent: parley agent --profile simple)';
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'The host name does not resolve: check the host in the URL.';
  if (/TLS error/.test(message)) {
    return 'TLS failed: for a private certificate authority set connection.tls.caFile; check that the certificate matches the host.';
  }
  return 'The connection failed before the WebSocket opened: check the URL and that the agent is up.';
}

/**
 * Agent configs for the hostile suite: every timeout short, so each fault ends within a second or
 * two. No readyType unless a test needs one, so each fault is seen without a handshake in the way.
 */
export const TIMEOUT_S = 1;

export interface HostileConfigOptions {
  /** Extra `connection` fields, e.g. keepaliveSeconds, tls, authorization. */
  connection?: Record<string, unknown>;
  messages?: Record<string, unknown>;
  handshake?: Record<string, unknown>;
  coalesceSeconds?: number;
  responseTimeoutSeconds?: number;
  maxTurnSeconds?: number;
}

/** A direct-mode config for `url` (which may hold `{{case.id}}`). */
export function directConfig(url: string, options: HostileConfigOptions = {}): Record<string, unknown> {
  return {
    name: 'hostile',
    connection: { url, connectTimeoutSeconds: TIMEOUT_S, keepaliveSeconds: 0, ...options.connection },
    ...(options.messages ? { messages: options.messages } : {}),
    ...(options.handshake ? { handshake: options.handshake } : {}),
    coalesceSeconds: options.coalesceSeconds ?? 0.1,
    responseTimeoutSeconds: options.responseTimeoutSeconds ?? TIMEOUT_S,
    maxTurnSeconds: options.maxTurnSeconds ?? 5,
  };
}

/** An http-first config whose setup request goes to `setupUrl` and reads `data.url`. */
export function httpFirstConfig(setupUrl: string, options: HostileConfigOptions & { setup?: Record<string, unknown> } = {}) {
  const base = directConfig('ws://unused', options);
  const { url: _directOnly, ...connection } = base.connection as Record<string, unknown>;
  return {
    ...base,
    connection: {
      ...connection,
      mode: 'http-first',
      setup: { url: setupUrl, method: 'POST', body: { channel: 'test' }, websocketUrlPath: 'data.url', ...options.setup },
    },
  };
}

import { isCredentialHeader, maskSecret } from '../redact.js';

/**
 * A setup response with every string under a credential-like key (token, key, secret, cookie,
 * authorization) masked: such a value is a secret whether or not the config uses it.
 */
export function maskCredentials(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return isCredentialHeader(key) ? maskSecret(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskCredentials(item, key));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, maskCredentials(item, name)]));
}

/** The strings under credential-like keys of a setup response, for the redactor: they may reappear (in a URL, a frame). */
export function credentialsIn(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return isCredentialHeader(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => credentialsIn(item, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, item]) => credentialsIn(item, name));
}

/**
 * Credentials for the secrets tests, each unmistakable, and the search every output goes through.
 * Each is given as configured and as rendered (from `{{env.*}}` and `{{setup.*}}`).
 */
import { inspect } from 'node:util';
import { expect } from 'vitest';
import { SETUP_TOKEN } from '../agents/setup-endpoints.js';

export const ENV_NAME = 'PARLEY_HOSTILE_TOKEN';
export const ENV_TOKEN = 'tok_SECRET_a1b2c3d4e5';
export const API_KEY = 'key_SECRET_f6g7h8i9';
export const COOKIE = 'sid=cookie_SECRET_j0k1l2';
export const SETUP_AUTH = 'setup_SECRET_q7r8s9t0';

/** Every value that must never be shown (whole, nor any credential part of it). */
export const SECRETS = [ENV_TOKEN, API_KEY, COOKIE, 'cookie_SECRET_j0k1l2', SETUP_AUTH, SETUP_TOKEN];

/** The env the configs are parsed with. */
export const SECRET_ENV = { [ENV_NAME]: ENV_TOKEN };

/** Connection fields carrying every kind of credential: authorization from env, key, cookie. */
export const secretConnection = () => ({
  authorization: `Bearer {{env.${ENV_NAME}}}`,
  headers: { 'X-Api-Key': API_KEY, Cookie: COOKIE, 'X-Tenant': 'acme' },
});

/** The http-first setup fields: a Basic credential, and the session token as a ws header. */
export const secretSetup = () => ({ headers: { Authorization: `Basic ${SETUP_AUTH}` } });

/** Text of anything: strings as they are, errors with their stack and causes, the rest inspected. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return `${JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item)) ?? ''}\n${inspect(value, { depth: 12 })}`;
}

/** Fails naming the output and the secret if any secret occurs in `output`. */
export function expectNoSecrets(output: unknown, label: string): void {
  const text = textOf(output);
  for (const secret of SECRETS) expect(text.includes(secret), `${label} shows the secret ${secret}:\n${text.slice(0, 2000)}`).toBe(false);
}

import mapValues from 'lodash-es/mapValues.js';

/** Header names whose values are credentials (README "Error codes"); `bearer` too, for Amazon Connect's `X-Amz-Bearer`. */
const CREDENTIAL_HEADER = /authorization|cookie|token|key|secret|bearer/i;
const MIN_SECRET_LENGTH = 3;

/** `Bearer abc` → `Bearer ****`; a value with no scheme → `****`. */
export function maskSecret(value: string): string {
  const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ****` : '****';
}

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** Headers as they may be shown: credential values masked. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return mapValues(headers, (value, name) => (isCredentialHeader(name) ? maskSecret(value) : value));
}

/**
 * Knows every secret value of a conversation (as configured and as rendered) and scrubs them from
 * any text before it is shown. Secrets found later (from the setup response) are added as they come.
 */
export class Redactor {
  readonly #secrets = new Map<string, string>();

  /** Registers the credential values among these headers. */
  addHeaders(headers: Record<string, string>): this {
    for (const [name, value] of Object.entries(headers)) if (isCredentialHeader(name)) this.add(value);
    return this;
  }

  add(value: string | undefined): this {
    if (!value || value.length < MIN_SECRET_LENGTH) return this;
    this.#secrets.set(value, maskSecret(value));
    // The credential alone (after the scheme) is as secret as the whole value.
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
    if (credential && credential.length >= MIN_SECRET_LENGTH) this.#secrets.set(credential, '****');
    return this;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a whole `Bearer x` is masked before its bare credential is.
    const secrets = [...this.#secrets.keys()].sort((a, b) => b.length - a.length);
    for (const secret of secrets) out = out.split(secret).join(this.#secrets.get(secret)!);
    return out;
  }
}

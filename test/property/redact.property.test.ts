/**
 * src/redact.ts over arbitrary secrets and text: a registered secret (as configured, or its
 * credential after the scheme) never survives redaction, wherever and however often it occurs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskHeaders, maskSecret, Redactor } from '../../src/redact.js';
import { text } from './arbitraries.js';

/** Secrets as configured: bare tokens, or `Scheme token`. Asterisks are left out: the mask is made of them. */
const token = fc.string({ unit: 'binary', minLength: 3, maxLength: 24 }).filter((s) => !s.includes('*') && s.trim() === s && !/\s/.test(s));
const secret = fc.oneof(token, fc.tuple(fc.constantFrom('Bearer', 'Basic', 'Token', 'Digest'), token).map(([scheme, t]) => `${scheme} ${t}`));

describe('redaction (property)', () => {
  it('no registered secret, nor its credential, survives in any text that holds it', () => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), fc.array(text, { minLength: 1, maxLength: 4 }), (secrets, pieces) => {
        const redactor = new Redactor();
        for (const value of secrets) redactor.add(value);
        // Every secret at least once, between arbitrary pieces of text.
        const haystack = pieces.map((piece, i) => `${piece}${secrets[i % secrets.length]}`).join('');
        const shown = redactor.redact(haystack);
        for (const value of secrets) {
          expect(shown.includes(value)).toBe(false);
          const credential = / (.+)$/.exec(value)?.[1];
          if (credential && credential.length >= 3) expect(shown.includes(credential)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('masks keep at most the scheme, and never throw', () => {
    fc.assert(
      fc.property(fc.oneof(secret, text), (value) => {
        const masked = maskSecret(value);
        expect(masked === '****' || /^[A-Za-z][\w-]* \*\*\*\*$/.test(masked)).toBe(true);
        expect(maskHeaders({ Authorization: value, 'X-Api-Key': value })).toEqual({ Authorization: masked, 'X-Api-Key': masked });
      }),
      { numRuns: 300 },
    );
  });
});

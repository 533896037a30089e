/** src/redact.ts: secrets are shown as their scheme plus `****` (README "Error codes"), wherever they appear in text. */
import { describe, expect, it } from 'vitest';
import { isCredentialHeader, maskHeaders, maskSecret, Redactor } from '../../src/redact.js';

describe('maskSecret', () => {
  it('keeps the scheme and hides the rest', () => {
    expect(maskSecret('Bearer abc.def')).toBe('Bearer ****');
    expect(maskSecret('Basic dXNlcjpwYXNz')).toBe('Basic ****');
  });

  it('hides a value without a scheme entirely', () => {
    expect(maskSecret('abc123')).toBe('****');
    expect(maskSecret('')).toBe('****');
  });
});

describe('isCredentialHeader / maskHeaders', () => {
  it('recognises credential header names, ignoring case', () => {
    for (const name of ['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'X-Auth-Token', 'client_secret']) {
      expect(isCredentialHeader(name)).toBe(true);
    }
    for (const name of ['X-Tenant', 'Accept', 'User-Agent']) expect(isCredentialHeader(name)).toBe(false);
  });

  it('masks only the credential headers', () => {
    expect(maskHeaders({ Authorization: 'Bearer s3cret', 'X-Tenant': 'acme', 'X-Api-Key': 'k-123' })).toEqual({
      Authorization: 'Bearer ****',
      'X-Tenant': 'acme',
      'X-Api-Key': '****',
    });
  });
});

describe('Redactor', () => {
  it('scrubs the whole value and the bare credential from any text', () => {
    const redactor = new Redactor().add('Bearer s3cret-token');
    expect(redactor.redact('sent Bearer s3cret-token to x')).toBe('sent Bearer **** to x');
    expect(redactor.redact('url?t=s3cret-token&u=s3cret-token')).toBe('url?t=****&u=****');
  });

  it('registers credential headers only', () => {
    const redactor = new Redactor().addHeaders({ 'X-Api-Key': 'key-value-1', 'X-Tenant': 'acme-tenant' });
    expect(redactor.redact('key-value-1 acme-tenant')).toBe('**** acme-tenant');
  });

  it('masks a longer secret before a shorter one inside it', () => {
    const redactor = new Redactor().add('abc').add('Token abcdef');
    expect(redactor.redact('Token abcdef / abc')).toBe('Token **** / ****');
  });

  it('accepts secrets added later (rendered from the setup response)', () => {
    const redactor = new Redactor().add('Bearer first-secret');
    redactor.add('Bearer late-secret');
    expect(redactor.redact('first-secret late-secret')).toBe('**** ****');
  });

  it('ignores empty and undefined values and leaves clean text alone', () => {
    const redactor = new Redactor().add(undefined).add('');
    expect(redactor.redact('nothing secret here')).toBe('nothing secret here');
  });

  it('masks secrets holding regular-expression characters literally', () => {
    const redactor = new Redactor().add('Bearer a+b*c?(d)');
    expect(redactor.redact('x Bearer a+b*c?(d) y')).toBe('x Bearer **** y');
  });
});

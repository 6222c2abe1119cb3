import { describe, expect, it } from 'vitest';
import { jsonField } from '../../../src/runtime/registry/http';

// Token exchanges (PyPI's and crates.io's trusted publishing, a registry's pull token) answer with the token in a
// JSON field; what an unexpected answer makes the job print must never be the token itself.
describe('jsonField: the token of an exchange, or an error that does not print one', () => {

  it('GIVEN a 200 answer carrying the field WHEN read THEN it is the value', () => {
    expect(jsonField('POST /mint', { status: 200, body: '{"token":"pypi-abc"}' }, 'token')).toBe('pypi-abc');
  });

  it('GIVEN a 200 answer with the token under another name WHEN read THEN the error names the fields, never their values', () => {
    const read = () => jsonField('GET /token', { status: 200, body: '{"access_token":"live-secret","expires_in":300}' }, 'token');
    expect(read).toThrow('GET /token answered HTTP 200 without a `token` text; its fields: access_token, expires_in');
    expect(read).not.toThrow(/live-secret/);
    expect(() => jsonField('GET /token', { status: 200, body: '{"token":""}' }, 'token')).toThrow('GET /token answered HTTP 200 without a `token` text; its fields: token');
    expect(() => jsonField('GET /token', { status: 200, body: 'live-secret' }, 'token')).toThrow('GET /token answered HTTP 200 without a `token` text; its fields: none (not JSON)');
    expect(() => jsonField('GET /token', { status: 200, body: '["live-secret"]' }, 'token')).toThrow(/its fields: none \(not a JSON object\)$/);
    expect(() => jsonField('GET /token', { status: 200, body: '{}' }, 'token')).toThrow(/its fields: none$/);
  });

  it('GIVEN an error status WHEN read THEN the error quotes the start of the answer, which says why', () => {
    expect(() => jsonField('POST /mint', { status: 422, body: '{"message":  "invalid-publisher"}' }, 'token'))
      .toThrow('POST /mint answered HTTP 422: {"message": "invalid-publisher"}');
  });
});

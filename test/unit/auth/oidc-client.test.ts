import { describe, expect, it } from 'vitest';
import { identityFromClaims, isLoopbackHost, mapOidcError, openidClient } from '../../../electron/core/auth/oidc-client';

describe('ID token claims', () => {
  it('reads name, email and the unit from a department object or string', () => {
    const base = { sub: 'anh.ntm', name: 'Nguyễn Thị Minh Anh', email: 'anh.ntm@so-demo.invalid' };
    expect(identityFromClaims({ ...base, department: { id: 'phong-cntt', name: 'Phòng Công nghệ thông tin' } })).toEqual({
      subject: 'anh.ntm',
      name: 'Nguyễn Thị Minh Anh',
      email: 'anh.ntm@so-demo.invalid',
      unit: 'Phòng Công nghệ thông tin',
    });
    expect(identityFromClaims({ ...base, department: 'Văn phòng Sở' }).unit).toBe('Văn phòng Sở');
    expect(identityFromClaims({ sub: 'x', preferred_username: 'x.user' })).toEqual({ subject: 'x', name: 'x.user', email: '', unit: null });
  });

  it('refuses claims without a subject, or of the wrong shape', () => {
    expect(() => identityFromClaims({ name: 'No One' })).toThrow(expect.objectContaining({ code: 'auth.invalid_response' }));
    expect(() => identityFromClaims({ sub: 'x', department: 42 })).toThrow(expect.objectContaining({ code: 'auth.invalid_response' }));
  });
});

describe('provider errors', () => {
  it('treats network failures and time-outs as auth.unreachable', () => {
    expect(mapOidcError(new TypeError('fetch failed'), 'refresh').code).toBe('auth.unreachable');
    expect(mapOidcError(new DOMException('timed out', 'TimeoutError'), 'refresh').code).toBe('auth.unreachable');
    expect(mapOidcError(new Error('boom'), 'refresh').code).toBe('internal');
  });

  it('allows plain http only for an issuer on this machine', async () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
    expect(isLoopbackHost('idp.so-demo.gov.vn')).toBe(false);
    // Refused before any request: no network is needed for this test.
    const client = openidClient({ issuer: 'http://idp.so-demo.invalid', clientId: 'govdesk', scopes: ['openid'] }, { now: () => 0 });
    await expect(client.createAuthorizationRequest('http://127.0.0.1:1/callback')).rejects.toMatchObject({ code: 'auth.not_configured' });
  });
});

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLoopback, type LoopbackListener } from '../../../electron/core/auth/loopback';
import { FakeClock } from './fakes';

/** Whether anything still accepts connections on the port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function portOf(l: LoopbackListener): number {
  return Number(new URL(l.redirectUri).port);
}

async function start(timeoutMs = 60_000) {
  const clock = new FakeClock();
  const listener = await startLoopback({ clock, timeoutMs });
  listener.expectState('s-123');
  return { clock, listener };
}

describe('loopback redirect listener', () => {
  it('listens on 127.0.0.1 and a random port, at /callback', async () => {
    const a = await start();
    const b = await start();
    expect(a.listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(portOf(a.listener)).not.toBe(portOf(b.listener));
    a.listener.cancel();
    b.listener.cancel();
  });

  it('hands back the callback, answers with a bilingual page, and stops listening', async () => {
    const { listener, clock } = await start();
    const res = await fetch(`${listener.redirectUri}?code=abc&state=s-123&iss=x`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Bạn có thể đóng cửa sổ này');
    expect(html).toContain('You can close this window');
    const url = await listener.callback;
    expect(url.searchParams.get('code')).toBe('abc');
    expect(url.href.startsWith(listener.redirectUri)).toBe(true);
    await listener.closed;
    expect(await portOpen(portOf(listener))).toBe(false);
    expect(clock.pending()).toEqual([]);
  });

  it('answers a wrong path with "not ours" and keeps waiting for the real callback', async () => {
    const { listener } = await start();
    const origin = new URL(listener.redirectUri).origin;
    const stray = await fetch(`${origin}/favicon.ico`);
    expect(stray.status).toBe(404);
    expect(await stray.text()).toContain('không phải của Govdesk');
    const wrongPath = await fetch(`${origin}/callbackx?code=abc&state=s-123`);
    expect(wrongPath.status).toBe(404);
    await (await fetch(`${listener.redirectUri}?code=abc&state=s-123`)).text();
    await expect(listener.callback).resolves.toBeInstanceOf(URL);
  });

  it('rejects a wrong state clearly, tells the browser, and closes', async () => {
    const { listener } = await start();
    const res = await fetch(`${listener.redirectUri}?code=abc&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Đăng nhập chưa hoàn tất');
    await expect(listener.callback).rejects.toMatchObject({ code: 'auth.state_mismatch' });
    await listener.closed;
    expect(await portOpen(portOf(listener))).toBe(false);
  });

  it('rejects a callback without state as a state mismatch', async () => {
    const { listener } = await start();
    await (await fetch(`${listener.redirectUri}?code=abc`)).text();
    await expect(listener.callback).rejects.toMatchObject({ code: 'auth.state_mismatch' });
  });

  it('turns an error from the provider into auth.provider_error with its detail', async () => {
    const { listener } = await start();
    const res = await fetch(`${listener.redirectUri}?error=access_denied&error_description=End-User+aborted&state=s-123`);
    expect(await res.text()).toContain('Sign-in did not complete');
    await expect(listener.callback).rejects.toMatchObject({ code: 'auth.provider_error', detail: expect.stringContaining('access_denied') });
    await listener.closed;
  });

  it('times out on the injected clock and leaves no listener open', async () => {
    const { listener, clock } = await start(300_000);
    const port = portOf(listener);
    expect(await portOpen(port)).toBe(true);
    await clock.advance(299_999);
    expect(await portOpen(port)).toBe(true);
    await clock.advance(1);
    await expect(listener.callback).rejects.toMatchObject({ code: 'auth.timeout' });
    await listener.closed;
    expect(await portOpen(port)).toBe(false);
  });

  it('cancels: auth.cancelled, port closed, time-out timer gone', async () => {
    const { listener, clock } = await start();
    listener.cancel();
    await expect(listener.callback).rejects.toMatchObject({ code: 'auth.cancelled' });
    await listener.closed;
    expect(await portOpen(portOf(listener))).toBe(false);
    expect(clock.pending()).toEqual([]);
    listener.cancel(); // twice is harmless
  });
});

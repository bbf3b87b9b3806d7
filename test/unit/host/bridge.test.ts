import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHostServer, type HostServer } from '../../../electron/host/server';
import { WS_PATH, WS_PROTOCOL_PREFIX } from '../../../shared/ws-protocol';
import { tempDir, testCore } from '../core/helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function setup(): Promise<HostServer> {
  const dir = tempDir();
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Govdesk</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer folder');
  const { core } = testCore(join(dir.path, 'data'));
  const server = await startHostServer(core, { port: 0, rendererDir, secret: 'right-secret' });
  cleanups.push(() => dir.remove(), () => core.close(), () => server.close());
  return server;
}

function connect(server: HostServer, opts: { secret?: string; origin?: string }): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${WS_PATH}`, opts.secret === undefined ? [] : [`${WS_PROTOCOL_PREFIX}${opts.secret}`], {
      origin: opts.origin ?? server.url,
    });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => undefined);
  });
}

describe('the headless host', () => {
  it('answers calls over the bridge for a page of its own origin holding the secret', async () => {
    const server = await setup();
    const conn = await connect(server, { secret: 'right-secret' });
    if (!('ws' in conn)) throw new Error(`refused: ${conn.status}`);
    cleanups.push(() => conn.ws.close());
    const answer = new Promise<unknown>((resolve) => conn.ws.once('message', (d) => resolve(JSON.parse(String(d)))));
    conn.ws.send(JSON.stringify({ id: 7, name: 'settings.set', params: { language: 'fr' } }));
    expect(await answer).toMatchObject({ kind: 'response', id: 7, response: { ok: false, error: { code: 'call.invalid_params' } } });
  });

  it.each([
    ['no secret', { secret: undefined }, 401],
    ['a wrong secret', { secret: 'guess' }, 401],
    ['another origin', { secret: 'right-secret', origin: 'http://evil.example' }, 403],
  ])('refuses a bridge with %s', async (_label, opts, status) => {
    const server = await setup();
    expect(await connect(server, opts)).toEqual({ status });
  });

  it('serves the renderer with the CSP and nothing outside its folder', async () => {
    const server = await setup();
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${server.url}${path}`);
      expect(await res.text()).not.toContain('outside the renderer folder');
    }
  });
});

describe('the host before its core', () => {
  it('serves the page and its scripts before the core exists, says when they went out, and reads a rebuilt file from disk afterwards', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script><link rel="stylesheet" href="./assets/app.css"><link rel="icon" href="./favicon.svg">');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'first build');
    writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body {}');
    // A core that never comes: static files must not wait for it.
    const server = await startHostServer(new Promise(() => undefined), { port: 0, rendererDir, secret: 'right-secret' });
    cleanups.push(() => server.close());
    let served = false;
    void server.startFilesServed.then(() => (served = true));

    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/assets/app.js`)).text()).toBe('first build');
    await new Promise((r) => setImmediate(r));
    expect(served).toBe(false);
    expect((await fetch(`${server.url}/assets/app.css`)).status).toBe(200);
    await server.startFilesServed;

    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'second build');
    expect(await (await fetch(`${server.url}/assets/app.js`)).text()).toBe('second build');
  });
});

import { describe, expect, it } from 'vitest';
import { DocumentsClient } from '../../../electron/core/documents/client';
import { silentLogger } from '../../../electron/core/log';

const me = { username: 'anh.ntm', name: 'Anh', role: 'specialist', unit: { id: 'phong-cntt', name: 'CNTT' }, organization: { organId: '1', name: 'Sở' } };

function make(answers: Array<(req: Request) => Response | Promise<Response>>) {
  const seen: { url: string; auth: string | null; body: string | null }[] = [];
  let renewals = 0;
  let token = 't1';
  const client = new DocumentsClient({
    apiUrl: 'http://docs.test/api/v1',
    log: silentLogger,
    tokens: {
      accessToken: async () => token,
      renew: async () => {
        renewals++;
        token = `t${renewals + 1}`;
        return token;
      },
    },
    fetch: async (input, init) => {
      const req = new Request(input, init);
      seen.push({ url: req.url, auth: req.headers.get('authorization'), body: init?.body ? String(init.body) : null });
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next(req);
    },
  });
  return { client, seen, renewals: () => renewals };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('DocumentsClient', () => {
  it('renews the token once on 401 and retries once', async () => {
    const { client, seen, renewals } = make([json(401, { error: { code: 'unauthorized', message: 'x' } }), json(200, me)]);
    expect(await client.me()).toEqual(me);
    expect(renewals()).toBe(1);
    expect(seen.map((s) => [s.url, s.auth])).toEqual([
      ['http://docs.test/api/v1/me', 'Bearer t1'],
      ['http://docs.test/api/v1/me', 'Bearer t2'],
    ]);
  });

  it('a second 401 asks the user to sign in again', async () => {
    const { client } = make([json(401, {}), json(401, {})]);
    await expect(client.me()).rejects.toMatchObject({ code: 'documents.unauthorized' });
  });

  it('refuses an answer that does not match the API, and says the server is unreachable when it is', async () => {
    const { client } = make([json(200, { ...me, role: 'boss' }), () => Promise.reject(new TypeError('fetch failed'))]);
    await expect(client.me()).rejects.toMatchObject({ code: 'documents.invalid_response' });
    await expect(client.me()).rejects.toMatchObject({ code: 'documents.unreachable' });
  });

  it('sends a GET once more on a fresh connection when the first fails at once (a kept-alive socket closed under it), but not a POST', async () => {
    const reset = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
    const get = make([reset, json(200, me)]);
    expect(await get.client.me()).toEqual(me);
    expect(get.seen).toHaveLength(2);
    const post = make([reset, json(200, {})]);
    await expect(post.client.act('d1', { actionId: '6f1c2a3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b', type: 'reject', reason: 'x' })).rejects.toMatchObject({ code: 'documents.unreachable' });
    expect(post.seen).toHaveLength(1);
  });

  it('maps a 410 on the feed to cursor_expired and passes the cursor through', async () => {
    const { client, seen } = make([json(410, { error: { code: 'cursor_expired', message: 'again' } })]);
    await expect(client.changes('abc', 50)).rejects.toMatchObject({ code: 'documents.cursor_expired' });
    expect(seen[0]!.url).toBe('http://docs.test/api/v1/changes?cursor=abc&limit=50');
  });

  it('refuses to send an action with an unknown field before it leaves', async () => {
    const { client, seen } = make([]);
    await expect(client.act('d1', { actionId: crypto.randomUUID(), type: 'comment', text: 'x', extra: 1 } as never)).rejects.toThrow();
    expect(seen).toEqual([]);
  });

  it('returns a 409 as an outcome with the current document', async () => {
    const { client } = make([json(409, { error: { code: 'duplicate', message: 'maybe twice' } })]);
    const r = await client.act('d1', { actionId: crypto.randomUUID(), type: 'register' });
    expect(r).toMatchObject({ ok: false, status: 409, code: 'documents.duplicate', message: 'maybe twice' });
  });
});

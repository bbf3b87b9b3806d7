/**
 * The demo organization's promise: one sign-in at the identity provider, and
 * that single access token opens mail (IMAP, SMTP), calendar (CalDAV) and
 * files (WebDAV); a bad, expired or revoked token opens none of them.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { DAVClient } from 'tsdav';
import { createClient } from 'webdav';
import { beforeAll, describe, expect, it } from 'vitest';
import { introspect, jwtPayload, refresh, revoke, signIn, SignInError, waitUntilInactive, type Tokens } from '../../stack/login.ts';
import { accountOf, OrganizationSchema, type StackJson } from '../../stack/stack-json.ts';
import { ACCEPTED, allFour, calendarUrl, dav, homeUrl, imapClient, imapLogin, REFUSED, smtpTransport, stack } from './helpers.ts';

const USER = 'anh.ntm'; // chuyên viên, Phòng CNTT
const OTHER = 'nhung.vth'; // chuyên viên, Phòng Bưu chính, Viễn thông

let s: StackJson;
let tokens: Tokens;

beforeAll(async () => {
  s = stack();
  tokens = await signIn(s, USER);
});

describe('stack.json', () => {
  it('describes the organization the app takes as its config', () => {
    expect(OrganizationSchema.parse(s.organization)).toEqual(s.organization);
    expect(s.organization.oidc.issuer).toBe(s.issuer);
    expect(s.organization.oidc.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
    const roles = new Set(s.accounts.map((a) => a.role));
    for (const r of ['chuyen_vien', 'truong_phong', 'pho_giam_doc', 'van_thu', 'quan_tri'] as const) expect(roles).toContain(r);
    expect(new Set(s.accounts.map((a) => a.department.id)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('identity provider', () => {
  it('issues tokens whose introspection and ID token name the person and department', async () => {
    const a = accountOf(s, USER);
    expect(tokens.refreshToken).toBeTruthy();
    const info = await introspect(s, tokens.accessToken);
    expect(info).toMatchObject({ active: true, sub: USER, email: a.email, name: a.name, department: a.department, client_id: s.clients.desktop.clientId });
    const id = jwtPayload(tokens.idToken);
    expect(id).toMatchObject({ sub: USER, email: a.email, name: a.name, department: a.department, iss: s.issuer, aud: s.clients.desktop.clientId });
  });

  it('shows its login page in Vietnamese, and in English on request', async () => {
    const page = async (locale?: string) => {
      const u = new URL(s.authorizationEndpoint);
      u.search = new URLSearchParams({ client_id: s.clients.desktop.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'http://127.0.0.1:5999/callback', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256', ...(locale ? { ui_locales: locale } : {}) }).toString();
      const r1 = await fetch(u, { redirect: 'manual' });
      const cookie = r1.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const r2 = await fetch(new URL(r1.headers.get('location') ?? '', s.issuer), { headers: { cookie } });
      return r2.text();
    };
    const vi = await page();
    expect(vi).toContain('lang="vi"');
    expect(vi).toContain('Đăng nhập');
    expect(vi).toContain('Mật khẩu');
    const en = await page('en');
    expect(en).toContain('lang="en"');
    expect(en).toContain('Sign in');
  });

  it('refuses a wrong password', async () => {
    await expect(signIn(s, USER, { password: 'sai-mat-khau' })).rejects.toBeInstanceOf(SignInError);
  });
});

describe('one sign-in opens all four services', () => {
  it('reads mail over IMAP with the token', async () => {
    const c = imapClient(s, accountOf(s, USER).email, tokens.accessToken);
    await c.connect();
    try {
      const boxes = await c.list();
      const special = new Map(boxes.map((b) => [b.specialUse ?? b.path, b.path]));
      for (const u of ['\\Inbox', '\\Sent', '\\Drafts', '\\Archive', '\\Junk', '\\Trash']) expect(special.has(u), u).toBe(true);
      const st = await c.status('INBOX', { messages: true });
      expect(st && st.messages).toBeGreaterThan(5);
    } finally {
      await c.logout();
    }
  });

  it('sends over SMTP and the message is delivered', async () => {
    const me = accountOf(s, USER);
    const to = accountOf(s, OTHER);
    const messageId = `<sso-${randomUUID()}@so-demo.invalid>`;
    const t = smtpTransport(s, me.email, tokens.accessToken);
    try {
      const info = await t.sendMail({ from: { name: me.name, address: me.email }, to: [me.email, to.email], subject: 'Kiểm tra đăng nhập một lần', text: 'Thư thử nghiệm gửi bằng mã truy cập SSO.', messageId });
      expect(info.accepted).toEqual([me.email, to.email]);
      // Sending as someone else is refused.
      await expect(t.sendMail({ from: to.email, to: me.email, subject: 'giả mạo', text: 'x' })).rejects.toMatchObject({ responseCode: 553 });
    } finally {
      t.close();
    }
    const c = imapClient(s, me.email, tokens.accessToken);
    await c.connect();
    try {
      const deadline = Date.now() + 15_000;
      let found: number[] = [];
      while (Date.now() < deadline) {
        const lock = await c.getMailboxLock('INBOX');
        try {
          found = (await c.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        } finally {
          lock.release();
        }
        if (found.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(found.length).toBe(1);
      const lock = await c.getMailboxLock('INBOX');
      try {
        const msg = await c.fetchOne(String(found[0]), { source: true }, { uid: true });
        const parsed = await simpleParser(msg ? (msg.source ?? Buffer.alloc(0)) : Buffer.alloc(0));
        expect(parsed.subject).toBe('Kiểm tra đăng nhập một lần');
        expect(parsed.from?.value[0]?.address).toBe(me.email);
      } finally {
        lock.release();
      }
    } finally {
      await c.logout();
    }
  });

  it('reads CalDAV: own calendar and task list, and the agency schedule', async () => {
    const client = new DAVClient({ serverUrl: s.services.caldav.url, credentials: { accessToken: tokens.accessToken }, authMethod: 'Bearer', defaultAccountType: 'caldav' });
    await client.login();
    const calendars = await client.fetchCalendars();
    const names = calendars.map((c) => String(c.displayName));
    expect(names).toEqual(expect.arrayContaining(['Lịch cá nhân', 'Công việc']));
    const personal = calendars.find((c) => c.displayName === 'Lịch cá nhân');
    if (!personal) throw new Error('no personal calendar');
    const events = await client.fetchCalendarObjects({ calendar: personal });
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((e) => String(e.data).includes('TZID=Asia/Ho_Chi_Minh'))).toBe(true);
    const tasks = calendars.find((c) => c.displayName === 'Công việc');
    if (!tasks) throw new Error('no task list');
    const todos = await client.fetchCalendarObjects({
      calendar: tasks,
      filters: [{ 'comp-filter': { _attributes: { name: 'VCALENDAR' }, 'comp-filter': { _attributes: { name: 'VTODO' } } } }],
    });
    expect(todos.some((t) => String(t.data).includes('BEGIN:VTODO') && String(t.data).includes('DUE;TZID=Asia/Ho_Chi_Minh'))).toBe(true);
    const agency = await client.fetchCalendarObjects({ calendar: { url: s.services.agencyCalendarUrl } });
    expect(agency.some((o) => String(o.data).includes('RRULE:FREQ=WEEKLY'))).toBe(true);
  });

  it('lists WebDAV: own home and own department folder', async () => {
    const files = createClient(s.services.webdav.url, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    const home = await files.getDirectoryContents(`/home/${USER}/`);
    expect(Array.isArray(home) && home.map((f) => f.basename)).toContain('Ghi chú công việc.md');
    const dept = accountOf(s, USER).department.id;
    const shared = await files.getDirectoryContents(`/departments/${dept}/`);
    expect(Array.isArray(shared) && shared.map((f) => f.basename)).toContain('Danh sách cán bộ.csv');
  });
});

describe('tokens that must open nothing', () => {
  it('a valid token is accepted by all four (the baseline)', async () => {
    expect(await allFour(s, USER, tokens.accessToken)).toEqual(ACCEPTED);
  });

  it('a bad token is refused by all four', async () => {
    expect(await allFour(s, USER, 'not-a-token-' + randomUUID())).toEqual(REFUSED);
  });

  it('no token at all is refused by the web services', async () => {
    expect((await dav(s.services.caldav.url, undefined)).status).toBe(401);
    expect((await dav(homeUrl(s, USER), undefined)).status).toBe(401);
  });

  it('an expired token is refused by all four', async () => {
    const short = await signIn(s, USER, { clientId: s.clients.shortLived.clientId });
    expect(short.expiresIn).toBeLessThanOrEqual(s.clients.shortLived.accessTokenTtlSeconds);
    expect((await dav(homeUrl(s, USER), short.accessToken)).status).toBe(207);
    await waitUntilInactive(s, short.accessToken, 30_000);
    expect(await allFour(s, USER, short.accessToken)).toEqual(REFUSED);
  });

  it('a refreshed token opens all four, and a revoked refresh token gives no new one', async () => {
    const t = await signIn(s, USER);
    const next = await refresh(s, t.refreshToken);
    expect(next.accessToken).not.toBe(t.accessToken);
    expect(await allFour(s, USER, next.accessToken)).toEqual(ACCEPTED);
    await revoke(s, next.refreshToken, s.clients.desktop.clientId, 'refresh_token');
    await expect(refresh(s, next.refreshToken)).rejects.toThrow(/invalid_grant/);
  });

  it('a revoked token is refused by all four', async () => {
    const t = await signIn(s, USER);
    expect(await allFour(s, USER, t.accessToken)).toEqual(ACCEPTED);
    await revoke(s, t.accessToken, s.clients.desktop.clientId, 'access_token');
    expect((await introspect(s, t.accessToken)).active).toBe(false);
    expect(await allFour(s, USER, t.accessToken)).toEqual(REFUSED);
  });
});

describe('one account cannot reach another', () => {
  it('mail: my token does not open a colleague\'s mailbox', async () => {
    expect(await imapLogin(s, accountOf(s, OTHER).email, tokens.accessToken)).toBe('auth-failed');
  });

  it('calendar: no access to a colleague\'s calendars, and X-Remote-User cannot be spoofed', async () => {
    for (const id of ['lich-ca-nhan', 'cong-viec']) {
      expect((await dav(calendarUrl(s, OTHER, id), tokens.accessToken)).status).toBe(403);
      expect((await dav(calendarUrl(s, OTHER, id), tokens.accessToken, { method: 'GET' })).status).toBe(403);
    }
    const spoof = { 'X-Remote-User': OTHER, X_Remote_User: OTHER, 'X-Remote_User': OTHER, 'X_Remote-User': OTHER };
    const me = await dav(s.services.caldav.url, tokens.accessToken, { headers: { ...spoof, depth: '0' } });
    expect(me.status).toBe(207);
    expect(me.body).toContain(`<href>/caldav/${USER}/</href>`);
    expect(me.body).not.toContain(OTHER);
    for (const [name, value] of Object.entries(spoof)) {
      expect((await dav(calendarUrl(s, OTHER, 'lich-ca-nhan'), tokens.accessToken, { headers: { [name]: value } })).status, name).toBe(403);
    }
  });

  it('files: no read, write, COPY or MOVE into a colleague\'s home or another department', async () => {
    const other = homeUrl(s, OTHER);
    expect((await dav(other, tokens.accessToken)).status).toBe(403);
    expect((await dav(`${other}${encodeURIComponent('Ghi chú công việc.md')}`, tokens.accessToken, { method: 'GET' })).status).toBe(403);
    expect((await dav(`${other}x.txt`, tokens.accessToken, { method: 'PUT', body: 'x' })).status).toBe(403);
    const mine = `${homeUrl(s, USER)}copy-${randomUUID()}.txt`;
    expect((await dav(mine, tokens.accessToken, { method: 'PUT', body: 'của tôi' })).status).toBe(201);
    for (const method of ['COPY', 'MOVE']) {
      const dest = `${other}stolen-${method}.txt`;
      expect((await dav(mine, tokens.accessToken, { method, headers: { destination: dest, overwrite: 'T' } })).status, method).toBe(403);
      // The colleague sees no such file, and mine is still there.
      const colleague = await signIn(s, OTHER);
      expect((await dav(dest, colleague.accessToken, { method: 'HEAD' })).status).toBe(404);
      expect((await dav(mine, tokens.accessToken, { method: 'HEAD' })).status).toBe(200);
    }
    const otherDept = accountOf(s, OTHER).department.id;
    expect((await dav(`${s.services.webdav.departmentsUrl}${otherDept}/`, tokens.accessToken)).status).toBe(403);
    // Top levels are read-only: no writing or locking /files/home itself.
    expect((await dav(`${s.services.webdav.homesUrl}x.txt`, tokens.accessToken, { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await dav(mine, tokens.accessToken, { method: 'DELETE' })).status).toBe(204);
  });

  it('files: locking works in my own home', async () => {
    const file = `${homeUrl(s, USER)}lock-${randomUUID()}.txt`;
    expect((await dav(file, tokens.accessToken, { method: 'PUT', body: 'v1' })).status).toBe(201);
    const lockBody = '<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>anh.ntm</D:owner></D:lockinfo>';
    const res = await fetch(file, { method: 'LOCK', headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/xml', timeout: 'Second-60' }, body: lockBody });
    expect(res.status).toBe(200);
    const lockToken = res.headers.get('lock-token');
    expect(lockToken).toMatch(/^<opaquelocktoken:/);
    // A write without the lock token is refused (423 Locked), with it accepted.
    expect((await dav(file, tokens.accessToken, { method: 'PUT', body: 'v2' })).status).toBe(423);
    expect((await dav(file, tokens.accessToken, { method: 'PUT', body: 'v2', headers: { if: `(${lockToken})` } })).status).toBe(204);
    expect((await dav(file, tokens.accessToken, { method: 'UNLOCK', headers: { 'lock-token': lockToken ?? '' } })).status).toBe(204);
    expect((await dav(file, tokens.accessToken, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('the agency schedule (lịch công tác)', () => {
  const event = (uid: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Govdesk//test//VI', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20250101T000000Z', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20250110T080000', 'DTEND;TZID=Asia/Ho_Chi_Minh:20250110T090000', 'SUMMARY:Họp thử', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
  const put = (token: string, uid: string) => dav(`${s.services.agencyCalendarUrl}${uid}.ics`, token, { method: 'PUT', headers: { 'content-type': 'text/calendar; charset=utf-8' }, body: event(uid) });

  it('staff read it but cannot write it', async () => {
    expect((await dav(s.services.agencyCalendarUrl, tokens.accessToken)).status).toBe(207);
    const uid = `staff-${randomUUID()}`;
    expect((await put(tokens.accessToken, uid)).status).toBe(403);
  });

  it('the office clerk (văn thư), the deputy director and the department heads write it', async () => {
    const writers = s.accounts.filter((a) => a.role === 'van_thu' || a.role === 'pho_giam_doc' || a.role === 'truong_phong');
    expect(writers.map((a) => a.role)).toContain('truong_phong');
    expect(writers.map((a) => a.username).sort()).toEqual([...s.agencyCalendarWriters].sort());
    for (const w of writers) {
      const t = await signIn(s, w.username);
      const uid = `writer-${randomUUID()}`;
      expect((await put(t.accessToken, uid)).status, w.username).toBe(201);
      expect((await dav(`${s.services.agencyCalendarUrl}${uid}.ics`, t.accessToken, { method: 'DELETE' })).status).toBe(200);
    }
  });
});

/**
 * Every listener of the stack, probed without credentials, and the stack's
 * sockets and files seen by another user of the same machine.
 */
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackPaths, stackSockets } from '../../stack/config.ts';
import type { StackJson } from '../../stack/stack-json.ts';
import { stack } from '../stack/helpers.ts';
import { asStranger, http, LineSession, imapTarget, smtpTarget } from './probes.ts';

let s: StackJson;
beforeAll(() => {
  s = stack();
});

/** The pids the stack started and all their descendants. */
function stackProcesses(root: string): Set<number> {
  const recorded = JSON.parse(readFileSync(path.join(root, 'run', 'pids.json'), 'utf8')) as { services: Record<string, { pid: number }> };
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(d), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const ours = new Set(Object.values(recorded.services).map((e) => e.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return ours;
}

/** TCP ports in LISTEN state whose socket one of `pids` holds. */
function listeningPorts(pids: Set<number>): Set<number> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1]) inodes.add(m[1]);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEX:PORT, st 0A is LISTEN, inode is field 9.
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.add(parseInt(f[1]?.split(':')[1] ?? '0', 16));
    }
  }
  return ports;
}

describe('TCP listeners', () => {
  it('are exactly the client ports: no backend, LMTP or auth service on a port', () => {
    const ports = listeningPorts(stackProcesses(s.stackDir));
    const expected = [s.ports.idp, s.ports.idpTls, s.ports.imap, s.ports.submission, s.ports.apache, s.ports.documents];
    expect([...ports].sort()).toEqual([...expected].sort());
  });

  it('IMAP without a login opens no mailbox', async () => {
    const c = await LineSession.open(imapTarget(s));
    try {
      await c.until((l) => l.startsWith('* OK'));
      expect(await c.imap('A1', 'SELECT INBOX')).toMatch(/^A1 (BAD|NO)/);
      expect(await c.imap('A2', 'LOGIN anh.ntm@so-demo.invalid anything')).toMatch(/^A2 (BAD|NO)/);
    } finally {
      c.close();
    }
  });

  it('SMTP submission without a login takes no mail', async () => {
    const c = await LineSession.open(smtpTarget(s));
    try {
      await c.smtpReply();
      await c.smtp('EHLO probe.invalid');
      const mail = await c.smtp('MAIL FROM:<cuong.lv@so-demo.invalid>');
      const reply = mail.startsWith('250') ? await c.smtp('RCPT TO:<anh.ntm@so-demo.invalid>') : mail;
      expect(reply).toMatch(/^5\d\d /);
    } finally {
      c.close();
    }
  });

  it.each(['/', '/caldav/', '/caldav/anh.ntm/lich-ca-nhan/', '/caldav/agency/lich-cong-tac/', '/files/', '/files/home/anh.ntm/', '/files/departments/phong-cntt/', '/server-status', '/.well-known/caldav'])(
    'Apache %s without a token: 401 (or a redirect to a 401)',
    async (p) => {
      const base = `http://${s.services.webdav.url.split('/')[2]}`;
      for (const method of ['GET', 'PROPFIND', 'PUT']) {
        const r = await http(`${base}${p}`, { method, body: method === 'PUT' ? 'x' : undefined, headers: { depth: '1' } });
        expect([401, 403, 301, 404], `${method} ${p}`).toContain(r.status);
        if (r.status === 301) expect(r.headers.get('location')).toMatch(/\/caldav\/$/);
        // Reading a protected path asks for a token; a write on the read-only
        // top levels (/files/, /files/home/) is refused before any token is asked for.
        if ((p.startsWith('/caldav/') || p.startsWith('/files/')) && method !== 'PUT') expect(r.status, `${method} ${p}`).toBe(401);
      }
    },
  );

  it('the document service without a token: 401', async () => {
    for (const p of ['me', 'documents', 'registers']) {
      const r = await http(new URL(p, s.services.documents.url).toString());
      expect(r.status, p).toBe(401);
    }
  });

  it("the identity provider's introspection answers nobody without the servers' client secret", async () => {
    const body = new URLSearchParams({ token: 'anything' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const anonymous = await http(s.introspectionEndpoint, { method: 'POST', body, headers });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body).toMatch(/invalid_request|invalid_client/);
    const wrong = `Basic ${Buffer.from(`${s.clients.resourceServer.clientId}:wrong`).toString('base64')}`;
    const badSecret = await http(s.introspectionEndpoint, { method: 'POST', body, headers: { ...headers, authorization: wrong } });
    expect(badSecret.status).toBe(401);
    expect(badSecret.body).toMatch(/invalid_client/);
  });
});

describe('Unix sockets, opened by another local user', () => {
  const probe = `
    import net from 'node:net';
    const paths = JSON.parse(process.env.INPUT);
    const out = {};
    await Promise.all(paths.map((p) => new Promise((resolve) => {
      const c = net.connect({ path: p });
      c.once('connect', () => { out[p] = 'open'; c.destroy(); resolve(); });
      c.once('error', (e) => { out[p] = e.code; resolve(); });
    })));
    console.log(JSON.stringify(out));`;

  it("LMTP, Dovecot's auth for Postfix and the sender milter are Postfix's alone", async () => {
    const sockets = stackSockets(stackPaths(s.stackDir));
    for (const p of [sockets.lmtp, sockets.dovecotAuth]) {
      const st = statSync(p);
      expect(st.isSocket()).toBe(true);
      expect(st.mode & 0o777, p).toBe(0o600);
      expect(st.uid, p).toBe(postfixUid());
    }
    const dovecotRun = path.dirname(sockets.lmtp);
    const targets = [sockets.lmtp, sockets.dovecotAuth, sockets.milter, path.join(dovecotRun, 'auth-userdb'), path.join(dovecotRun, 'auth-master'), path.join(dovecotRun, 'doveadm-server'), path.join(dovecotRun, 'master')];
    const result = await asStranger<Record<string, string>>(probe, targets);
    for (const t of targets) expect(result[t], t).toMatch(/^EACCES$/);
  });

  it("the socket to Radicale inside Apache is Apache's alone", async () => {
    const dir = path.join(s.stackDir, 'run', 'apache');
    const wsgi = readdirSync(dir).filter((n) => n.startsWith('wsgi.') && n.endsWith('.sock')).map((n) => path.join(dir, n));
    expect(wsgi.length).toBeGreaterThan(0);
    const result = await asStranger<Record<string, string>>(probe, wsgi);
    for (const t of wsgi) expect(result[t], t).toMatch(/^EACCES$/);
  });
});

describe("the stack's data, read by another local user", () => {
  it('no mail, calendar, file, log or secret is readable; public parts are', async () => {
    const walk = `
      import fs from 'node:fs';
      import path from 'node:path';
      const root = JSON.parse(process.env.INPUT);
      const readable = [];
      const closed = [];
      const visit = (d) => {
        let names;
        try { names = fs.readdirSync(d); } catch { closed.push(d); return; }
        for (const n of names) {
          const p = path.join(d, n);
          let st;
          try { st = fs.lstatSync(p); } catch { continue; }
          if (st.isDirectory()) visit(p);
          else if (st.isFile()) { try { fs.closeSync(fs.openSync(p, 'r')); readable.push(path.relative(root, p)); } catch {} }
        }
      };
      visit(root);
      console.log(JSON.stringify({ readable, closed: closed.map((d) => path.relative(root, d)) }));`;
    const { readable, closed } = await asStranger<{ readable: string[]; closed: string[] }>(walk, s.stackDir);
    // The walk did see the stack (it can fail): the organization config is public.
    expect(readable).toContain('organization.json');
    for (const dir of ['mail', 'dav/files', 'radicale/collections', 'logs', 'idp', 'run/milter', 'documents']) expect(closed, dir).toContain(dir);
    const secret = /^(mail|dav\/files|radicale\/collections|logs|idp|documents)\/|^stack\.json$|^apache\/httpd\.conf$|^dovecot\/dovecot-oauth2\.conf\.ext$|^tls\/idp-key\.pem$/;
    expect(readable.filter((f) => secret.test(f))).toEqual([]);
  });
});

function postfixUid(): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postfix:'));
  return Number(line?.split(':')[2]);
}

/**
 * WebDAV and CalDAV as a signed-in colleague would attack them: forged
 * identity headers, `..` and encoded slashes in paths, COPY/MOVE whose
 * Destination lands in another home, another department's folder.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../stack/login.ts';
import type { StackJson } from '../../stack/stack-json.ts';
import { stack } from '../stack/helpers.ts';
import { http } from './probes.ts';

const USER = 'anh.ntm'; // Phòng CNTT, chuyên viên
const VICTIM = 'nhung.vth'; // Phòng Bưu chính, Viễn thông
let s: StackJson;
let token: string;
let victimToken: string;
let web: string;

beforeAll(async () => {
  s = stack();
  [token, victimToken] = await Promise.all([signIn(s, USER).then((t) => t.accessToken), signIn(s, VICTIM).then((t) => t.accessToken)]);
  web = `http://${s.services.webdav.url.split('/')[2]}`;
});

const forged = (who: string) => ({
  'X-Remote-User': who,
  X_Remote_User: who,
  'X-Remote_User': who,
  'X-Forwarded-User': who,
  'Remote-User': who,
  'X-Script-Name': '/caldav/../files',
  'OIDC_CLAIM_sub': who,
  'OIDC-Claim-Groups': 'phong-bcvt',
});

describe('forged identity headers', () => {
  it('without a token, a header naming a user opens nothing (CalDAV and WebDAV)', async () => {
    for (const url of [`${web}/caldav/${VICTIM}/lich-ca-nhan/`, `${web}/caldav/agency/lich-cong-tac/`, `${web}/files/home/${VICTIM}/`]) {
      expect((await http(url, { method: 'PROPFIND', headers: { depth: '1', ...forged(VICTIM) } })).status, url).toBe(401);
    }
    const put = await http(`${web}/caldav/agency/lich-cong-tac/${randomUUID()}.ics`, { method: 'PUT', headers: { ...forged('dung.pt'), 'content-type': 'text/calendar' }, body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
    expect(put.status).toBe(401);
  });

  it("with my token, headers naming a colleague still leave me myself", async () => {
    // The baseline: my own calendar answers with my token.
    expect((await http(`${web}/caldav/${USER}/lich-ca-nhan/`, { method: 'PROPFIND', token, headers: { depth: '0' } })).status).toBe(207);
    const theirs = await http(`${web}/caldav/${VICTIM}/lich-ca-nhan/`, { method: 'PROPFIND', token, headers: { depth: '1', ...forged(VICTIM) } });
    expect(theirs.status).toBe(403);
    // Staff cannot write the agency schedule, whoever a header says they are.
    const put = await http(`${web}/caldav/agency/lich-cong-tac/${randomUUID()}.ics`, {
      method: 'PUT',
      token,
      headers: { ...forged('dung.pt'), 'content-type': 'text/calendar' },
      body: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//probe//EN\r\nBEGIN:VEVENT\r\nUID:${randomUUID()}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250101T010000Z\r\nSUMMARY:forged\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
    });
    expect(put.status).toBe(403);
    const files = await http(`${web}/files/home/${VICTIM}/`, { method: 'PROPFIND', token, headers: { depth: '1', ...forged(VICTIM) } });
    expect(files.status).toBe(403);
    const dept = await http(`${web}/files/departments/phong-bcvt/`, { method: 'PROPFIND', token, headers: { depth: '1', ...forged(VICTIM) } });
    expect(dept.status).toBe(403);
  });
});

describe('path tricks on WebDAV', () => {
  const mine = () => `${web}/files/home/${USER}`;

  it.each([
    ['..', `/files/home/${USER}/../${VICTIM}/`],
    ['.. encoded', `/files/home/${USER}/%2e%2e/${VICTIM}/`],
    ['encoded slash', `/files/home/${USER}%2F..%2F${VICTIM}/`],
    ['encoded slash inside the name', `/files/home/${VICTIM}%2F`],
    ['double slash', `/files//home//${VICTIM}//`],
    ['backslash', `/files/home/${USER}/..\\${VICTIM}/`],
    ['department by ..', `/files/departments/phong-cntt/../phong-bcvt/`],
    ['department by encoded ..', `/files/departments/phong-cntt/%2e%2e/phong-bcvt/`],
    ['CalDAV ..', `/caldav/${USER}/../${VICTIM}/lich-ca-nhan/`],
    ['CalDAV encoded ..', `/caldav/${USER}/%2e%2e/${VICTIM}/lich-ca-nhan/`],
  ])('%s does not reach a colleague', async (_what, p) => {
    // Raw paths: fetch would resolve "..", an attacker's own client does not.
    const r = await rawRequest('PROPFIND', p, token, { depth: '1' });
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toContain(`/${VICTIM}/`);
    expect(r.body).not.toContain('phong-bcvt/');
  });

  it.each(['COPY', 'MOVE'])("%s into a colleague's home or department is refused and leaves my file", async (method) => {
    const name = `probe-${randomUUID()}.txt`;
    expect((await http(`${mine()}/${name}`, { method: 'PUT', token, body: 'mine' })).status).toBe(201);
    const destinations = [
      `${web}/files/home/${VICTIM}/${name}`,
      `${web}/files/home/${USER}/../${VICTIM}/${name}`,
      `${web}/files/home/${USER}/%2e%2e/${VICTIM}/${name}`,
      `${web}/files/home/${VICTIM}%2F${name}`,
      `${web}/files/departments/phong-bcvt/${name}`,
      `http://other.invalid/files/home/${VICTIM}/${name}`,
    ];
    for (const dest of destinations) {
      const r = await http(`${mine()}/${name}`, { method, token, headers: { destination: dest, overwrite: 'T' } });
      expect([400, 403, 404, 409, 502], `${method} -> ${dest}`).toContain(r.status);
    }
    // The colleague's home has no such file, and mine is still there.
    expect((await http(`${web}/files/home/${VICTIM}/${name}`, { token: victimToken })).status).toBe(404);
    expect((await http(`${mine()}/${name}`, { token })).body).toBe('mine');
    // The baseline: a COPY inside my own home works.
    expect((await http(`${mine()}/${name}`, { method: 'COPY', token, headers: { destination: `${mine()}/copy-${name}` } })).status).toBe(201);
    await http(`${mine()}/copy-${name}`, { method: 'DELETE', token });
    await http(`${mine()}/${name}`, { method: 'DELETE', token });
  });

  it("writing into another department's folder is refused; my own department's works", async () => {
    const name = `probe-${randomUUID()}.txt`;
    expect((await http(`${web}/files/departments/phong-bcvt/${name}`, { method: 'PUT', token, body: 'x' })).status).toBe(403);
    expect((await http(`${web}/files/departments/phong-cntt/${name}`, { method: 'PUT', token, body: 'x' })).status).toBe(201);
    await http(`${web}/files/departments/phong-cntt/${name}`, { method: 'DELETE', token });
  });
});

/** An HTTP request whose path is sent byte for byte (fetch and URL normalise dots). */
function rawRequest(method: string, rawPath: string, bearer: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return import('node:net').then(
    ({ default: net }) =>
      new Promise((resolve, reject) => {
        const [host, port] = web.replace('http://', '').split(':');
        const sock = net.connect({ host, port: Number(port) });
        let data = '';
        sock.setEncoding('latin1');
        sock.on('data', (d: string) => (data += d));
        sock.once('error', reject);
        sock.once('end', () => {
          const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
          resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
        });
        const extra = Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        sock.write(`${method} ${rawPath} HTTP/1.1\r\nHost: ${host}:${port}\r\nAuthorization: Bearer ${bearer}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      }),
  );
}

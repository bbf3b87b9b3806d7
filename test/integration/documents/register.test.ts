// The printed register and report against the stack's reference document
// service: the clerk's cache, filled by a real sync, lists what the service
// registered in the period, in order of số đến, the secret register apart;
// the report counts the same period's work by unit. The period ends
// yesterday (Vietnam): other tests register documents today, and the seed's
// registrations are all on earlier days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { vnDay } from '../../../electron/core/documents/boxes';
import { docDevice, type DocDevice } from './device';
import { client, syncAll } from './helpers';

let clerk: DocDevice;
let server: ApiDocument[];
let from: string;
let to: string;

type Registered = ApiDocument & { registration: NonNullable<ApiDocument['registration']> };

beforeAll(async () => {
  clerk = await docDevice('dung.pt');
  await clerk.sync();
  server = [...(await syncAll(await client('dung.pt'))).docs.values()];
  to = vnDay(Date.now() - 86_400_000);
  from = vnDay(Date.now() - 60 * 86_400_000);
}, 60_000);

afterAll(() => clerk?.close());

function registeredIn(register: string): Registered[] {
  return server
    .filter((d): d is Registered => d.direction === 'incoming' && d.registration !== null && d.registration.register === register)
    .filter((d) => {
      const day = vnDay(Date.parse(d.registration.registeredAt));
      return day >= from && day <= to;
    })
    .sort((a, b) => a.registration.year - b.registration.year || a.registration.number - b.registration.number);
}

describe('the incoming register from a synced cache', () => {
  it("lists the seeded arrivals the service registered, in order of số đến, with the service's numbers", async () => {
    const r = await clerk.call('documents.register', { from, to });
    expect(r.register).toBe('den');
    expect(r.agency).toBe('Sở Thông tin và Truyền thông tỉnh Demo');
    const expected = registeredIn('den');
    // The seed registers a month of arrivals: more than a dozen in the ordinary register.
    expect(expected.length).toBeGreaterThanOrEqual(12);
    expect(r.rows.map((x) => [x.year, x.number, x.code, x.subject])).toEqual(expected.map((d) => [d.registration.year, d.registration.number, `${d.number}/${d.notation}`, d.subject]));
    for (let i = 1; i < r.rows.length; i++) {
      const [a, b] = [r.rows[i - 1]!, r.rows[i]!];
      expect(a.year < b.year || (a.year === b.year && a.number < b.number)).toBe(true);
    }
    // Each line says who it went to: the seed assigns most of them to a unit or a person as lead.
    expect(r.rows.filter((x) => x.receivers.some((p) => p.role === 'lead')).length).toBeGreaterThan(5);
    expect(r.registers.map((x) => [x.name, x.secret])).toEqual([
      ['den', false],
      ['den-mat', true],
    ]);
  });

  it('prints the secret register on its own, and nothing registered after the period', async () => {
    const secret = await clerk.call('documents.register', { from, to, register: 'den-mat' });
    expect(secret.secret).toBe(true);
    expect(secret.rows.map((x) => x.number)).toEqual(registeredIn('den-mat').map((d) => d.registration.number));
    expect(secret.rows.length).toBeGreaterThan(0);
    expect(secret.rows.every((x) => x.notes.confidentiality === 'mat')).toBe(true);
    const tomorrow = vnDay(Date.now() + 86_400_000);
    expect((await clerk.call('documents.register', { from: tomorrow, to: tomorrow })).rows).toEqual([]);
  });

  it('reports the same period’s work by unit, every assignment counted once as on time, late or not done', async () => {
    const r = await clerk.call('documents.processingReport', { from, to });
    expect(r.documents).toBeGreaterThanOrEqual(10);
    const cntt = r.units.find((u) => u.id === 'phong-cntt');
    expect(cntt?.name).toBe('Phòng Công nghệ thông tin');
    expect(cntt!.counts.assigned).toBeGreaterThan(0);
    expect(cntt!.people.length).toBeGreaterThan(0);
    for (const u of r.units) expect(u.counts.onTime + u.counts.late + u.counts.notDone).toBe(u.counts.assigned);
    expect(r.totals.assigned).toBe(r.units.reduce((n, u) => n + u.counts.assigned, 0));
    // The seed has finished work and overdue work that was urged.
    expect(r.totals.onTime + r.totals.late).toBeGreaterThan(0);
    expect(r.totals.overdue).toBeGreaterThan(0);
  });
});

// The printed register and report of processing, computed from cached
// documents: what is in a period and in what order (Vietnam's days, numbers
// that start again each year, the secret register apart), and what counts as
// finished on time, late or not done at the deadline's edges.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { documentsPdfName } from '../../../electron/core/documents/print';
import { outcomeOf, processingReport } from '../../../electron/core/documents/processing-report';
import { incomingRegister } from '../../../electron/core/documents/register';
import { DocumentStore } from '../../../electron/core/documents/store';
import { migrate } from '../../../electron/core/db/migrate';
import { accountMigrations } from '../../../electron/core/db/migrations/account/index';
import { openDatabase, type Db } from '../../../electron/core/db/open';
import type { DocDirectory } from '../../../shared/documents';
import { documentsPrintParams } from '../../../shared/documents-print';
import { incoming } from './cache-fixture';

type Assignment = ApiDocument['assignments'][number];
const leader = { username: 'cuong.lv', name: 'Lê Văn Cường' };

function doc(id: string, extra: Partial<ApiDocument> = {}): ApiDocument {
  const iso = '2026-12-01T08:00:00+07:00';
  return {
    ...incoming(id),
    state: 'registered',
    origin: 'exchange',
    number: '12',
    notation: 'UBND-VP',
    issuer: { organId: '000.00.00.H99', name: 'Ủy ban nhân dân tỉnh Demo' },
    promulgationDate: '2026-11-30',
    signer: null,
    arrivedAt: iso,
    createdAt: iso,
    updatedAt: iso,
    ...extra,
  };
}

function registered(id: string, number: number, registeredAt: string, extra: Partial<ApiDocument> = {}, register = 'den'): ApiDocument {
  const year = Number(new Date(Date.parse(registeredAt) + 7 * 3_600_000).toISOString().slice(0, 4));
  return doc(id, { registration: { register, year, number, registeredAt, due: registeredAt.slice(0, 10), late: false }, ...extra });
}

function assignment(id: string, assignee: Assignment['assignee'], extra: Partial<Assignment> = {}): Assignment {
  return { id, role: 'lead', assignee, deadline: '2026-12-10', assignedBy: leader, assignedAt: '2026-12-02T14:30:00+07:00', parentId: null, state: 'open', ...extra };
}

const CNTT = { kind: 'unit' as const, id: 'phong-cntt', name: 'Phòng Công nghệ thông tin' };
const BCVT = { kind: 'unit' as const, id: 'phong-bcvt', name: 'Phòng Bưu chính, Viễn thông' };
const anh = { kind: 'person' as const, id: 'anh.ntm', name: 'Nguyễn Thị Minh Anh' };
const kiem = { kind: 'person' as const, id: 'kiemthu', name: 'Kiểm Thử' };
const cuong = { kind: 'person' as const, id: 'cuong.lv', name: 'Lê Văn Cường' };

const directory: DocDirectory = {
  units: [
    { id: 'ban-giam-doc', name: 'Ban Giám đốc', head: null },
    { id: 'phong-cntt', name: 'Phòng Công nghệ thông tin', head: 'bao.tq' },
    { id: 'phong-bcvt', name: 'Phòng Bưu chính, Viễn thông', head: 'hung.dv' },
  ],
  people: [
    { username: 'cuong.lv', email: 'cuong.lv@so-demo.invalid', name: 'Lê Văn Cường', title: 'Phó Giám đốc', role: 'leader', unitId: 'ban-giam-doc' },
    { username: 'anh.ntm', email: 'anh.ntm@so-demo.invalid', name: 'Nguyễn Thị Minh Anh', title: 'Chuyên viên', role: 'specialist', unitId: 'phong-cntt' },
    { username: 'kiemthu', email: 'kiemthu@so-demo.invalid', name: 'Kiểm Thử', title: 'Chuyên viên', role: 'specialist', unitId: 'phong-cntt' },
  ],
};

/** A document finished at `at` (the finish step closes every lead and co-worker assignment). */
function finished(d: ApiDocument, at: string): ApiDocument {
  return {
    ...d,
    state: 'finished',
    assignments: d.assignments.map((a) => (a.role === 'info' ? a : { ...a, state: 'done' as const })),
    trace: [...d.trace, { seq: d.trace.length + 1, at, actor: { username: anh.id, name: anh.name }, action: 'finish', fromState: 'in_progress', toState: 'finished', note: null }],
    updatedAt: at,
  };
}

describe('the incoming register', () => {
  const q = { agency: 'Sở Thông tin và Truyền thông tỉnh Demo', from: '2026-12-01', to: '2026-12-31' };

  it('lists what was registered in the period in order of số đến, with the columns of Decree 30', () => {
    const docs = [
      registered('c', 3, '2026-12-03T09:00:00+07:00', { urgency: 'hoa_toc', assignments: [assignment('a1', CNTT), assignment('a2', BCVT, { role: 'co' }), assignment('a3', anh, { role: 'info' })] }),
      registered('a', 1, '2026-12-01T08:10:00+07:00', { submittedTo: leader, arrivedAt: '2026-11-30T16:45:00+07:00' }),
      registered('b', 2, '2026-12-02T10:00:00+07:00', { state: 'taken_back' }),
      doc('arrived-only'),
      { ...registered('out', 9, '2026-12-02T10:00:00+07:00'), direction: 'outgoing' as const },
    ];
    const r = incomingRegister(docs, q);
    expect(r.register).toBe('den');
    expect(r.rows.map((x) => x.number)).toEqual([1, 2, 3]);
    expect(r.rows[0]).toMatchObject({
      id: 'a',
      year: 2026,
      // Ngày đến is the day it arrived (late the day before), not the day the clerk entered it.
      arrivalDate: '2026-11-30',
      registeredDate: '2026-12-01',
      author: 'Ủy ban nhân dân tỉnh Demo',
      code: '12/UBND-VP',
      documentDate: '2026-11-30',
      typeName: 'Công văn',
      subject: 'Văn bản a',
      receivers: [{ name: 'Lê Văn Cường', role: 'submitted' }],
    });
    // Handed to the lead unit first, then the co-worker; for information is not a receiver of the register.
    expect(r.rows[2]!.receivers).toEqual([
      { name: CNTT.name, role: 'lead' },
      { name: BCVT.name, role: 'co' },
    ]);
    expect(r.rows[2]!.notes).toEqual({ urgency: 'hoa_toc', confidentiality: null, lateRegistration: false, takenBack: false });
    expect(r.rows[1]!.notes.takenBack).toBe(true);
  });

  it("takes the day of registration in Vietnam's calendar: 23:30 on the last day is in, 00:30 the next day is not", () => {
    const docs = [registered('late-evening', 40, '2026-12-07T16:30:00Z'), registered('after-midnight', 41, '2026-12-07T17:30:00Z')];
    expect(incomingRegister(docs, { ...q, from: '2026-12-01', to: '2026-12-07' }).rows.map((r) => r.id)).toEqual(['late-evening']);
    const next = incomingRegister(docs, { ...q, from: '2026-12-08', to: '2026-12-08' });
    expect(next.rows.map((r) => [r.id, r.registeredDate])).toEqual([['after-midnight', '2026-12-08']]);
  });

  it("keeps a document that arrived in December but was registered in January in the next year's register, numbered from 1", () => {
    const docs = [
      registered('jan-1', 1, '2027-01-04T08:00:00+07:00', { arrivedAt: '2026-12-31T15:00:00+07:00' }),
      registered('dec-512', 512, '2026-12-30T08:00:00+07:00'),
      registered('jan-2', 2, '2027-01-04T09:00:00+07:00'),
      registered('dec-513', 513, '2026-12-31T10:00:00+07:00'),
    ];
    const december = incomingRegister(docs, { ...q, from: '2026-12-01', to: '2026-12-31' });
    expect(december.rows.map((r) => r.id)).toEqual(['dec-512', 'dec-513']);
    const across = incomingRegister(docs, { ...q, from: '2026-12-15', to: '2027-01-15' });
    // Year first: 2026's 512 and 513, then 2027's 1 and 2 (a plain sort by number would put 1 and 2 first).
    expect(across.rows.map((r) => [r.year, r.number])).toEqual([
      [2026, 512],
      [2026, 513],
      [2027, 1],
      [2027, 2],
    ]);
    expect(across.rows[2]).toMatchObject({ arrivalDate: '2026-12-31', registeredDate: '2027-01-04' });
  });

  it('keeps the secret register apart: the ordinary one by default, the secret one when asked', () => {
    const docs = [
      registered('m1', 1, '2026-12-02T08:00:00+07:00', { confidentiality: 'mat' }, 'den-mat'),
      registered('o1', 7, '2026-12-02T08:00:00+07:00'),
      registered('o2', 8, '2026-12-03T08:00:00+07:00'),
    ];
    const r = incomingRegister(docs, q);
    expect(r.registers).toEqual([
      { name: 'den', secret: false, count: 2 },
      { name: 'den-mat', secret: true, count: 1 },
    ]);
    expect(r.rows.map((x) => x.id)).toEqual(['o1', 'o2']);
    const secret = incomingRegister(docs, { ...q, register: 'den-mat' });
    expect(secret).toMatchObject({ register: 'den-mat', secret: true });
    expect(secret.rows.map((x) => [x.id, x.notes.confidentiality])).toEqual([['m1', 'mat']]);
    expect(incomingRegister([], q)).toMatchObject({ register: null, registers: [], rows: [] });
  });
});

describe('the report of processing by unit', () => {
  const q = { agency: 'Sở Thông tin và Truyền thông tỉnh Demo', from: '2026-12-01', to: '2026-12-31', directory };
  // 2026-12-20 10:00 in Vietnam.
  const now = Date.UTC(2026, 11, 20, 3);

  it("counts a finish on the deadline's day as on time up to 23:59 in Vietnam, and late from midnight", () => {
    const deadline = '2026-12-10';
    expect(outcomeOf({ state: 'done', deadline }, Date.parse('2026-12-10T23:59:00+07:00'), '2026-12-20')).toBe('onTime');
    // 17:00 UTC on the deadline's day is already the next day in Vietnam.
    expect(outcomeOf({ state: 'done', deadline }, Date.parse('2026-12-10T17:00:00Z'), '2026-12-20')).toBe('late');
    expect(outcomeOf({ state: 'done', deadline: null }, Date.parse('2027-03-01T00:00:00Z'), '2026-12-20')).toBe('onTime');
    // Not done: overdue only once the deadline's day is over.
    expect(outcomeOf({ state: 'open', deadline }, null, '2026-12-10')).toBe('notDone');
    expect(outcomeOf({ state: 'open', deadline }, null, '2026-12-11')).toBe('overdue');
    expect(outcomeOf({ state: 'open', deadline: null }, null, '2030-01-01')).toBe('notDone');
  });

  it('counts each unit and the people inside it, with totals, from assignments, deadlines and finishes', () => {
    const onTime = finished(
      doc('d1', { state: 'in_progress', assignments: [assignment('u1', CNTT, { deadline: '2026-12-10' }), assignment('u1-co', BCVT, { role: 'co', deadline: '2026-12-10' }), assignment('p1', anh, { parentId: 'u1', deadline: '2026-12-09' })] }),
      '2026-12-09T16:00:00+07:00',
    );
    const late = finished(doc('d2', { state: 'in_progress', assignments: [assignment('u2', CNTT, { deadline: '2026-12-05' }), assignment('p2', kiem, { parentId: 'u2', deadline: '2026-12-05' })] }), '2026-12-06T08:00:00+07:00');
    const overdue = doc('d3', { state: 'in_progress', assignments: [assignment('u3', CNTT, { deadline: '2026-12-15' }), assignment('p3', anh, { parentId: 'u3', deadline: '2026-12-15' })] });
    const open = doc('d4', { state: 'assigned', assignments: [assignment('u4', BCVT, { deadline: '2026-12-25' }), assignment('i4', CNTT, { role: 'info', deadline: null })] });
    const direct = doc('d5', { state: 'assigned', assignments: [assignment('p5', cuong, { deadline: '2026-12-19' })] });
    const rejected = doc('d6', { state: 'rejected', assignments: [assignment('u6', CNTT)] });
    const stranger = doc('d7', { state: 'assigned', assignments: [assignment('p7', { kind: 'person', id: 'ai.do', name: 'Ai Đó' }, { deadline: null })] });
    const r = processingReport([onTime, late, overdue, open, direct, rejected, stranger], { ...q, now });
    expect(r.documents).toBe(6);
    expect(r.units.map((u) => u.name)).toEqual(['Ban Giám đốc', 'Phòng Công nghệ thông tin', 'Phòng Bưu chính, Viễn thông', '']);
    const byId = new Map(r.units.map((u) => [u.id, u]));
    expect(byId.get('phong-cntt')!.counts).toEqual({ assigned: 3, lead: 3, onTime: 1, late: 1, notDone: 1, overdue: 1 });
    expect(byId.get('phong-cntt')!.people).toEqual([
      { username: 'kiemthu', name: 'Kiểm Thử', counts: { assigned: 1, lead: 1, onTime: 0, late: 1, notDone: 0, overdue: 0 } },
      { username: 'anh.ntm', name: 'Nguyễn Thị Minh Anh', counts: { assigned: 2, lead: 2, onTime: 1, late: 0, notDone: 1, overdue: 1 } },
    ]);
    // The co-worker's share closes with the lead's finish; the open one is due later.
    expect(byId.get('phong-bcvt')!.counts).toEqual({ assigned: 2, lead: 1, onTime: 1, late: 0, notDone: 1, overdue: 0 });
    // A person the leader assigned directly counts in their unit (from the directory) and by name.
    expect(byId.get('ban-giam-doc')).toMatchObject({ counts: { assigned: 1, lead: 1, onTime: 0, late: 0, notDone: 1, overdue: 1 }, people: [{ username: 'cuong.lv' }] });
    expect(byId.get('')).toMatchObject({ counts: { assigned: 1, notDone: 1, overdue: 0 }, people: [{ username: 'ai.do', name: 'Ai Đó' }] });
    expect(r.totals).toEqual({ assigned: 7, lead: 6, onTime: 2, late: 1, notDone: 4, overdue: 2 });
    expect(r.asOf).toBe(now);
  });

  it("takes work given in the period by Vietnam's day of the assignment", () => {
    const edge = (id: string, assignedAt: string) => doc(id, { state: 'assigned', assignments: [assignment(`a-${id}`, CNTT, { assignedAt })] });
    const docs = [edge('before', '2026-11-30T16:59:00Z'), edge('first', '2026-11-30T17:00:00Z'), edge('last', '2026-12-31T16:59:00Z'), edge('after', '2026-12-31T17:00:00Z')];
    const r = processingReport(docs, { ...q, now });
    expect(r.documents).toBe(2);
    expect(r.totals.assigned).toBe(2);
  });
});

describe('the cache picks a period of documents by indexed days', () => {
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    db = null;
  });

  it("finds registrations and assignments by Vietnam's day, through the indexes of migration 016", () => {
    db = openDatabase(':memory:');
    migrate(db, accountMigrations);
    const store = new DocumentStore(db);
    const me = { username: 'dung.pt', role: 'clerk' as const, unitId: 'van-phong' };
    const put = (d: ApiDocument) => store.put(d, d, me, false);
    put(registered('r-in', 5, '2026-12-07T16:59:00Z'));
    put(registered('r-out', 6, '2026-12-07T17:00:00Z'));
    put(doc('a-in', { assignments: [assignment('x', CNTT, { assignedAt: '2026-12-01T00:00:00+07:00' })] }));
    put(doc('a-out', { assignments: [assignment('y', CNTT, { assignedAt: '2026-11-30T23:59:00+07:00' })] }));
    // An assignment the leader made offline is in the view (not yet the server's copy): it counts.
    const local = doc('a-local');
    store.put(local, { ...local, assignments: [assignment('z', CNTT, { assignedAt: '2026-12-03T09:00:00+07:00' })] }, me, false);
    expect(store.registeredBetween('2026-12-01', '2026-12-07').map((d) => d.id)).toEqual(['r-in']);
    expect(store.registeredBetween('2026-12-08', '2026-12-08').map((d) => d.id)).toEqual(['r-out']);
    expect(store.assignedBetween('2026-12-01', '2026-12-31').map((d) => d.id).sort()).toEqual(['a-in', 'a-local']);
    const plan = (sql: string) => (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2026-12-01', '2026-12-07') as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan(`SELECT server, doc FROM doc_documents WHERE date(json_extract(server, '$.registration.registeredAt'), '+7 hours') BETWEEN ? AND ?`)).toContain('doc_registered_day');
    expect(plan(`SELECT server, doc FROM doc_documents WHERE date(json_extract(coalesce(doc, server), '$.assignments[0].assignedAt'), '+7 hours') BETWEEN ? AND ?`)).toContain('doc_assigned_day');
  });
});

describe('the printed outputs’ params and file names', () => {
  it('refuses a period that ends before it starts, a day that does not exist, or more than three years', () => {
    expect(documentsPrintParams.register.safeParse({ from: '2026-12-01', to: '2026-12-07' }).success).toBe(true);
    expect(documentsPrintParams.register.safeParse({ from: '2026-12-08', to: '2026-12-07' }).success).toBe(false);
    expect(documentsPrintParams.report.safeParse({ from: '2026-02-30', to: '2026-03-07' }).success).toBe(false);
    expect(documentsPrintParams.report.safeParse({ from: '2020-01-01', to: '2026-03-07' }).success).toBe(false);
    expect(documentsPrintParams.exportPdf.safeParse({ kind: 'register', from: '2026-12-01', to: '2026-12-07', extra: 1 }).success).toBe(false);
  });

  it('offers the file under the kind and the period', () => {
    expect(documentsPdfName('register', '2026-12-01', '2026-12-07')).toBe('so-dang-ky-van-ban-den-2026-12-01_2026-12-07.pdf');
    expect(documentsPdfName('report', '2026-12-07', '2026-12-07')).toBe('bao-cao-xu-ly-van-ban-2026-12-07.pdf');
  });
});

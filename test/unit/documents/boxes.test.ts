// Boxes, deadlines and actions by role, from the document and who the user is;
// an action applied locally the way the server would.
import { describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { actionsFor, BOX_BITS, boxesOf, dueMark, myDeadline } from '../../../electron/core/documents/boxes';
import { deadlineToday } from '../../../electron/core/documents/due';
import { applyLocal } from '../../../electron/core/documents/local';
import { dateKeyIn, ianaZone, utcZone } from '../../../electron/core/calendar/zones';

const leader = { username: 'cuong.lv', role: 'leader' as const, unitId: 'ban-giam-doc' };
const head = { username: 'bao.tq', role: 'head' as const, unitId: 'phong-cntt' };
const specialist = { username: 'anh.ntm', role: 'specialist' as const, unitId: 'phong-cntt' };
const clerk = { username: 'dung.pt', role: 'clerk' as const, unitId: 'van-phong' };

function doc(over: Partial<ApiDocument> = {}): ApiDocument {
  return {
    id: 'd1', version: 1, direction: 'incoming', state: 'arrived', origin: 'exchange', documentId: null, number: '125', notation: 'STTTT-CĐS',
    typeCode: 'CV', typeName: 'Công văn', subject: 'V/v thử', content: null, issuer: { organId: '000.00.00.H99', name: 'UBND tỉnh' },
    promulgationDate: '2026-12-01', place: null, signer: null, urgency: 'thuong', confidentiality: 'thuong', dueDate: '2026-12-20',
    arrivedAt: '2026-12-01T08:00:00+07:00', registrationDue: null, registration: null, issue: null, submittedTo: null, reviewer: null, drafter: null, recipients: [],
    duplicateOf: [], attachments: [], hasPackage: false, packageWarnings: [], sourceDocument: null, assignments: [], opinions: [], trace: [],
    statuses: [], createdAt: '2026-12-01T08:00:00+07:00', updatedAt: '2026-12-01T08:00:00+07:00', ...over,
  };
}

const names = { unitName: (id: string) => ({ 'phong-cntt': 'Phòng CNTT' })[id] ?? null, personName: (u: string) => ({ 'anh.ntm': 'Nguyễn Thị Minh Anh' })[u] ?? null };
const at = '2026-12-02T09:00:00+07:00';

describe('boxes by role', () => {
  it('puts an arrived document in the clerk’s To process, not the specialist’s', () => {
    expect(boxesOf(doc(), clerk) & BOX_BITS.to_process).toBeTruthy();
    expect(boxesOf(doc(), specialist) & BOX_BITS.to_process).toBe(0);
    expect(actionsFor(doc(), clerk)).toEqual(['register', 'reject']);
    expect(actionsFor(doc(), specialist)).toEqual([]);
  });

  it('follows an assignment: the unit’s head until handed on, then the specialist; the leader follows it', () => {
    const submitted = doc({ state: 'submitted', submittedTo: { username: 'cuong.lv', name: 'Lê Văn Cường' } });
    expect(actionsFor(submitted, leader)).toContain('assign');
    const assigned = applyLocal(submitted, { type: 'assign', directive: 'Phòng CNTT chủ trì.', lead: { kind: 'unit', id: 'phong-cntt', deadline: '2026-12-10' }, coworkers: [], info: [] }, 'a1', { username: 'cuong.lv', name: 'Lê Văn Cường' }, at, names);
    expect(assigned.state).toBe('assigned');
    expect(assigned.assignments[0]).toMatchObject({ role: 'lead', assignee: { kind: 'unit', id: 'phong-cntt', name: 'Phòng CNTT' }, deadline: '2026-12-10' });
    expect(boxesOf(assigned, head) & BOX_BITS.to_process).toBeTruthy();
    expect(boxesOf(assigned, leader) & BOX_BITS.following).toBeTruthy();
    expect(actionsFor(assigned, head)).toContain('reassign');

    const handed = applyLocal(assigned, { type: 'reassign', assignee: 'anh.ntm', deadline: '2026-12-08' }, 'a2', { username: 'bao.tq', name: 'Trần Quốc Bảo' }, at, names);
    expect(boxesOf(handed, head) & BOX_BITS.to_process).toBe(0);
    expect(boxesOf(handed, head) & BOX_BITS.following).toBeTruthy();
    expect(boxesOf(handed, specialist) & BOX_BITS.to_process).toBeTruthy();
    expect(myDeadline(handed, specialist)).toBe('2026-12-08');
    // Whoever assigned follows by the deadline they set: the head by the specialist's, the leader by the unit's.
    expect(myDeadline(handed, head)).toBe('2026-12-08');
    expect(myDeadline(handed, leader)).toBe('2026-12-10');
    expect(actionsFor(handed, specialist)).toEqual(expect.arrayContaining(['comment', 'finish']));

    const done = applyLocal(handed, { type: 'finish', summary: 'Xong.' }, 'a3', { username: 'anh.ntm', name: 'Anh' }, at, names);
    expect(done.state).toBe('finished');
    expect(boxesOf(done, specialist) & BOX_BITS.to_process).toBe(0);
    expect(done.trace.map((t) => t.action)).toEqual(['assign', 'reassign', 'finish']);
    // The server's copy is untouched.
    expect(submitted.assignments).toEqual([]);
  });

  it('marks overdue and due today by the organization’s calendar day, not the computer’s nor a fixed UTC+7', () => {
    const tz = process.env.TZ;
    // The computer is in California: its own day is still 10 December.
    process.env.TZ = 'America/Los_Angeles';
    try {
      // 2026-12-10 17:30 UTC is already 11 December in Vietnam.
      const now = Date.parse('2026-12-10T17:30:00Z');
      const vn = ianaZone('Asia/Ho_Chi_Minh');
      if (!vn) throw new Error('no zone data');
      expect(new Date(now).getDate()).toBe(10);
      expect(dueMark('2026-12-10', 'in_progress', deadlineToday(now, vn))).toBe('overdue');
      expect(dueMark('2026-12-11', 'in_progress', deadlineToday(now, vn))).toBe('today');
      expect(dueMark('2026-12-12', 'in_progress', deadlineToday(now, vn))).toBeNull();
      expect(dueMark('2026-12-10', 'finished', deadlineToday(now, vn))).toBeNull();
      // An organization elsewhere (a test server in UTC) counts its own day: 10 December is still today there.
      expect(dueMark('2026-12-10', 'in_progress', deadlineToday(now, utcZone))).toBe('today');
      // The reminders count days in the same zone: the list and the reminder agree on "today".
      expect(dateKeyIn(vn, now)).toBe(deadlineToday(now, vn));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

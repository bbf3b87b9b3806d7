import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiDocument } from '../../../electron/core/documents/api';
import { findPerson } from '../../stack/documents/org';
import { canSee, formatNumber, registerFor, registrationDue, vnIso, vnYear } from '../../stack/documents/rules';
import { Store } from '../../stack/documents/store';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'govdesk-docstore-'));
  dirs.push(d);
  return d;
}

/** 08:00 Vietnam time on a day. */
const vn = (day: string, hhmm = '08:00') => new Date(`${day}T${hhmm}:00+07:00`);

function incoming(over: Partial<ApiDocument> = {}): ApiDocument {
  const at = vnIso(vn('2025-03-10'));
  return {
    id: 'd1', version: 1, direction: 'incoming', state: 'assigned', origin: 'exchange', documentId: 'x', number: '1', notation: 'A', typeCode: '1', typeName: 'Công văn',
    subject: 's', content: null, issuer: { organId: 'o', name: 'O' }, promulgationDate: null, place: null, signer: null, urgency: 'thuong', confidentiality: 'thuong',
    dueDate: null, arrivedAt: at, registrationDue: null, registration: null, issue: null, submittedTo: { username: 'cuong.lv', name: 'Lê Văn Cường' }, reviewer: null, drafter: null, recipients: [],
    duplicateOf: [], attachments: [], hasPackage: false, packageWarnings: [], sourceDocument: null,
    assignments: [{ id: 'a1', role: 'lead', assignee: { kind: 'unit', id: 'phong-cntt', name: 'Phòng CNTT' }, deadline: null, assignedBy: { username: 'cuong.lv', name: 'x' }, assignedAt: at, parentId: null, state: 'open' }],
    opinions: [], trace: [], statuses: [], createdAt: at, updatedAt: at, ...over,
  };
}

const person = (u: string) => findPerson(u)!;

describe('Decree 30 rules', () => {
  it('registration is due the next working day, at once for khẩn and above', () => {
    expect(registrationDue(vn('2025-03-10'), 'thuong')).toBe('2025-03-11'); // Monday -> Tuesday
    expect(registrationDue(vn('2025-03-14'), 'thuong')).toBe('2025-03-17'); // Friday -> Monday
    expect(registrationDue(vn('2025-03-15'), 'thuong')).toBe('2025-03-17'); // Saturday -> Monday
    expect(registrationDue(vn('2025-03-14'), 'khan')).toBe('2025-03-14');
    expect(registrationDue(vn('2025-03-14'), 'hoa_toc')).toBe('2025-03-14');
    // 23:30 on 31 December in Vietnam is still that day and that year.
    expect(registrationDue(vn('2025-12-31', '23:30'), 'thuong_khan')).toBe('2025-12-31');
    expect(vnYear(vn('2025-12-31', '23:30'))).toBe(2025);
    expect(vnYear(vn('2026-01-01', '00:10'))).toBe(2026);
  });

  it('secret documents have registers of their own; numbers below 10 get a leading zero', () => {
    expect(registerFor('incoming', 'thuong')).toBe('den');
    expect(registerFor('incoming', 'toi_mat')).toBe('den-mat');
    expect(registerFor('outgoing', 'thuong')).toBe('di');
    expect(registerFor('outgoing', 'mat')).toBe('di-mat');
    expect([formatNumber(7), formatNumber(10), formatNumber(125)]).toEqual(['07', '10', '125']);
  });

  it('numbers run per register and per year, from 1', () => {
    const store = new Store(scratch());
    store.tx(() => {
      expect([store.nextNumber('den', 2025), store.nextNumber('den', 2025), store.nextNumber('den-mat', 2025), store.nextNumber('den', 2026), store.nextNumber('den', 2025)]).toEqual([1, 2, 1, 1, 3]);
    });
    store.close();
  });

  it('a confidential document is seen only by the people it was given to', () => {
    const doc = incoming({ confidentiality: 'mat' });
    expect(canSee(doc, person('bao.tq'))).toBe(true); // head of the assigned unit
    expect(canSee(doc, person('anh.ntm'))).toBe(false); // a member of that unit
    expect(canSee(doc, person('dung.pt'))).toBe(true); // the clerk who keeps the register
    expect(canSee(doc, person('cuong.lv'))).toBe(true); // the leader it was submitted to
    expect(canSee(doc, person('hung.dv'))).toBe(false);
    expect(canSee(doc, person('duc.hm'))).toBe(false);
    // Not confidential: any leader sees it; still not a specialist who was not named.
    const open = incoming({ submittedTo: null });
    expect(canSee(open, person('cuong.lv'))).toBe(true);
    expect(canSee(open, person('anh.ntm'))).toBe(false);
    expect(canSee(incoming({ assignments: [{ ...open.assignments[0]!, role: 'info' }] }), person('anh.ntm'))).toBe(true);
  });
});

describe('the store behind the delta feed', () => {
  it('keeps the cursor position across a restart, and tells a removal', () => {
    const dir = scratch();
    let store = new Store(dir);
    store.tx(() => store.save(incoming()));
    const first = store.feed('bao.tq', 0, 10);
    expect(first.map((r) => [r.docId, r.visible])).toEqual([['d1', true]]);
    expect(store.feed('anh.ntm', 0, 10)).toEqual([]);
    const cursor = first.at(-1)!.seq;
    store.close();

    // The service restarts: the same cursor still means "after what I had".
    store = new Store(dir);
    expect(store.feed('bao.tq', cursor, 10)).toEqual([]);
    const moved = incoming({ version: 2, assignments: [{ ...incoming().assignments[0]!, assignee: { kind: 'unit', id: 'phong-bcvt', name: 'Phòng BCVT' } }] });
    store.tx(() => store.save(moved));
    expect(store.feed('bao.tq', cursor, 10).map((r) => [r.docId, r.visible])).toEqual([['d1', false]]);
    expect(store.feed('hung.dv', 0, 10).map((r) => [r.docId, r.visible])).toEqual([['d1', true]]);
    store.close();
  });

  it('finds duplicates by identifier or by number, notation and issuer', () => {
    const store = new Store(scratch());
    store.tx(() => store.save(incoming()));
    expect(store.duplicates({ id: 'd2', documentId: 'x', number: '9', notation: 'B', issuer: { organId: 'o', name: 'O' } })).toEqual([{ id: 'd1', reason: 'document_id' }]);
    expect(store.duplicates({ id: 'd2', documentId: 'y', number: '1', notation: 'A', issuer: { organId: 'o', name: 'O' } })).toEqual([{ id: 'd1', reason: 'number_notation_issuer' }]);
    expect(store.duplicates({ id: 'd2', documentId: 'y', number: '1', notation: 'A', issuer: { organId: 'other', name: 'O' } })).toEqual([]);
    store.close();
  });
});

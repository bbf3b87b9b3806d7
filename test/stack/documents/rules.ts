/**
 * Decree 30/2020/NĐ-CP rules as pure functions: registers and numbers,
 * the registration deadline, who may see a document. No I/O here, so unit
 * tests drive them with any clock.
 */
import type { ApiDocument } from '../../../electron/core/documents/api.ts';
import { headsOf, type Person } from './org.ts';

export const VN_OFFSET_MS = 7 * 3600_000;

/** Vietnam wall-clock day (YYYY-MM-DD) of an instant. */
export function vnDay(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function vnYear(instant: Date): number {
  return Number(vnDay(instant).slice(0, 4));
}

/** An instant as ISO 8601 with the Vietnam offset, as the API writes times. */
export function vnIso(instant: Date): string {
  return `${new Date(instant.getTime() + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

export function nextWorkingDay(day: string): string {
  let d = addDays(day, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * Registration is due on the day of arrival or at the latest the next working
 * day (Art. 21); khẩn, thượng khẩn and hỏa tốc at once (the day of arrival).
 * Public holidays are not modelled: weekends only.
 */
export function registrationDue(arrivedAt: Date, urgency: ApiDocument['urgency']): string {
  const day = vnDay(arrivedAt);
  return urgency === 'thuong' ? nextWorkingDay(day) : day;
}

export function isConfidential(doc: Pick<ApiDocument, 'confidentiality'>): boolean {
  return doc.confidentiality !== 'thuong';
}

/** Numbers run per register and year; secret documents have registers of their own (Art. 15, 22). */
export function registerFor(direction: ApiDocument['direction'], confidentiality: ApiDocument['confidentiality']): string {
  const base = direction === 'incoming' ? 'den' : 'di';
  return confidentiality === 'thuong' ? base : `${base}-mat`;
}

/** Số: 07/QĐ-UBND: a leading zero below 10. */
export function formatNumber(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const OUTGOING_CLERK_STATES = new Set(['approved', 'issued', 'sent', 'taken_back']);

/** People named by an assignment: a person, or the heads of a unit (all members if it has none, or for information). */
function assignmentReaches(a: ApiDocument['assignments'][number], p: Person, confidential: boolean): boolean {
  if (a.assignee.kind === 'person') return a.assignee.id === p.username;
  if (a.assignee.id !== p.unit.id) return false;
  const heads = headsOf(a.assignee.id);
  if (heads.some((h) => h.username === p.username)) return true;
  if (confidential) return false;
  return heads.length === 0 || a.role === 'info';
}

/**
 * Who sees a document. A confidential one only the people it was given to:
 * the clerks who keep the registers, the leader it was submitted to, and its
 * assignees (a unit means its head). A taken-back incoming copy only the clerks keep.
 */
export function canSee(doc: ApiDocument, p: Person): boolean {
  if (p.role === 'viewer') return false;
  const confidential = isConfidential(doc);
  if (doc.direction === 'outgoing') {
    if (doc.drafter?.username === p.username) return true;
    if (doc.reviewer?.username === p.username) return true;
    if (doc.trace.some((t) => t.actor?.username === p.username)) return true;
    if (p.role === 'clerk' && OUTGOING_CLERK_STATES.has(doc.state)) return true;
    return false;
  }
  if (p.role === 'clerk') return true;
  // A revoked incoming copy is destroyed for everyone but the register's keepers (Appendix VI).
  if (doc.state === 'taken_back') return false;
  if (doc.submittedTo?.username === p.username) return true;
  if (doc.assignments.some((a) => assignmentReaches(a, p, confidential))) return true;
  if (confidential) return false;
  if (p.role === 'leader') return !['arrived', 'rejected'].includes(doc.state);
  return false;
}

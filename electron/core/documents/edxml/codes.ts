// Code lists of edXML: status codes, urgency (Priority) and dates as written.
import { EdxmlError } from './xml';

/** Status codes of QCVN 102:2016 (edxml.md): 01 confirmed by two sources, the rest by one. */
export const STATUS_CODES = {
  '01': 'arrived',
  '02': 'rejected',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'processing',
  '06': 'finished',
  '13': 'taken_back',
  '15': 'revoke_agreed',
  '16': 'revoke_refused',
} as const;
export type StatusCode = keyof typeof STATUS_CODES;
export type StatusName = (typeof STATUS_CODES)[StatusCode];

export function isKnownStatusCode(code: string): code is StatusCode {
  return Object.hasOwn(STATUS_CODES, code);
}

export function statusCodeOf(name: StatusName): StatusCode {
  const hit = (Object.entries(STATUS_CODES) as [StatusCode, StatusName][]).find(([, n]) => n === name);
  if (!hit) throw new Error(`no status code for ${name}`);
  return hit[0];
}

/** Urgency (độ khẩn) of Decree 30, and edXML's Priority digits for it. */
export const URGENCIES = ['thuong', 'khan', 'thuong_khan', 'hoa_toc'] as const;
export type Urgency = (typeof URGENCIES)[number];

const PRIORITY_TO_URGENCY: Record<string, Urgency> = { '0': 'thuong', '1': 'khan', '2': 'thuong_khan', '3': 'hoa_toc', '4': 'hoa_toc' };

/** undefined for a Priority we do not know (read, shown raw, treated as ordinary). */
export function urgencyOfPriority(priority: string | undefined): Urgency | undefined {
  if (priority === undefined) return 'thuong';
  return PRIORITY_TO_URGENCY[priority.trim()];
}

export function priorityOfUrgency(u: Urgency): string {
  return String(URGENCIES.indexOf(u));
}

/** BussinessDocType: only 0 (a new document) is firm across producers. */
export const KNOWN_BUSINESS_TYPES = new Set(['0', '1', '2', '3']);

/** yyyy/MM/dd (also yyyy-MM-dd, as some producers write) to YYYY-MM-DD. */
export function readDate(value: string, element: string): string {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value.trim());
  if (!m) throw new EdxmlError(element, 'invalid_date', `"${value}" is not yyyy/MM/dd`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) throw new EdxmlError(element, 'invalid_date', `"${value}" is not a day of the calendar`);
  return iso;
}

/** yyyy/MM/dd HH:mm:ss (Vietnam local time) to YYYY-MM-DDTHH:mm:ss. */
export function readTimestamp(value: string, element: string): string {
  const m = /^(\d{4}[/-]\d{1,2}[/-]\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
  if (!m) throw new EdxmlError(element, 'invalid_date', `"${value}" is not yyyy/MM/dd HH:mm:ss`);
  const day = readDate(m[1]!, element);
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) throw new EdxmlError(element, 'invalid_date', `"${value}" is not a time of day`);
  return `${day}T${String(h).padStart(2, '0')}:${m[3]}:${String(s).padStart(2, '0')}`;
}

export function writeDate(iso: string): string {
  return iso.replaceAll('-', '/');
}

export function writeTimestamp(local: string): string {
  return `${writeDate(local.slice(0, 10))} ${local.slice(11, 19)}`;
}

/** An instant as Vietnam wall-clock time (UTC+7 all year). */
export function vietnamLocal(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
}

/** The national document identifier: OrganId,yyyy/MM/dd,number/notation. */
export function documentIdOf(organId: string, dateIso: string, number: string, notation: string): string {
  return `${organId},${writeDate(dateIso)},${number}/${notation}`;
}

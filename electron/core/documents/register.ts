// The incoming register (sổ đăng ký văn bản đến, Decree 30 Art. 22 and
// Appendix IV) of a period, from the cached documents: one line per document
// the server numbered, in order of year and số đến. Pure: the store picks the
// candidates (store.registeredBetween); this decides what is in and how each
// line reads, on Vietnam's calendar whatever the machine's zone.
import type { IncomingRegister, RegisterInfo, RegisterRow } from '../../../shared/documents-print';
import type { ApiDocument } from './api';
import { vnDay } from './boxes';
import { codeOf } from './store';

export interface RegisterQuery {
  agency: string;
  from: string;
  to: string;
  /** The register asked for; absent: the ordinary one. */
  register?: string | undefined;
}

type Registered = ApiDocument & { registration: NonNullable<ApiDocument['registration']> };

function dayOf(iso: string): string {
  return vnDay(Date.parse(iso));
}

/** Who it was handed to: the lead, then co-workers; before any assignment, the leader it was submitted to. */
function receiversOf(doc: ApiDocument): RegisterRow['receivers'] {
  const out: RegisterRow['receivers'] = [];
  const seen = new Set<string>();
  for (const role of ['lead', 'co'] as const) {
    for (const a of doc.assignments) {
      if (a.parentId !== null || a.role !== role || seen.has(a.assignee.name)) continue;
      seen.add(a.assignee.name);
      out.push({ name: a.assignee.name, role });
    }
  }
  if (out.length === 0 && doc.submittedTo) out.push({ name: doc.submittedTo.name, role: 'submitted' });
  return out;
}

function rowOf(doc: Registered): RegisterRow {
  const reg = doc.registration;
  const registeredDate = dayOf(reg.registeredAt);
  return {
    id: doc.id,
    year: reg.year,
    number: reg.number,
    arrivalDate: doc.arrivedAt ? dayOf(doc.arrivedAt) : registeredDate,
    registeredDate,
    author: doc.issuer.name,
    code: codeOf(doc),
    documentDate: doc.promulgationDate,
    typeName: doc.typeName,
    subject: doc.subject,
    receivers: receiversOf(doc),
    notes: {
      urgency: doc.urgency === 'thuong' ? null : doc.urgency,
      confidentiality: doc.confidentiality === 'thuong' ? null : doc.confidentiality,
      lateRegistration: reg.late,
      takenBack: doc.state === 'taken_back',
    },
  };
}

/** The register's lines in the period (days in Vietnam, both included), and which registers have lines in it. */
export function incomingRegister(docs: readonly ApiDocument[], q: RegisterQuery): IncomingRegister {
  const inPeriod = docs.filter((d): d is Registered => {
    if (d.direction !== 'incoming' || !d.registration) return false;
    const day = dayOf(d.registration.registeredAt);
    return day >= q.from && day <= q.to;
  });
  const byRegister = new Map<string, Registered[]>();
  for (const d of inPeriod) {
    const list = byRegister.get(d.registration.register) ?? [];
    list.push(d);
    byRegister.set(d.registration.register, list);
  }
  // A register whose every line is confidential is the secret one (Decree 30: secret documents are registered apart).
  const registers: RegisterInfo[] = [...byRegister.entries()]
    .map(([name, list]) => ({ name, secret: list.every((d) => d.confidentiality !== 'thuong'), count: list.length }))
    .sort((a, b) => Number(a.secret) - Number(b.secret) || b.count - a.count || a.name.localeCompare(b.name));
  const chosen = q.register !== undefined ? (registers.find((r) => r.name === q.register) ?? null) : (registers[0] ?? null);
  const rows = (chosen ? (byRegister.get(chosen.name) ?? []) : [])
    .map(rowOf)
    .sort((a, b) => a.year - b.year || a.number - b.number || a.registeredDate.localeCompare(b.registeredDate));
  return {
    agency: q.agency,
    from: q.from,
    to: q.to,
    register: chosen?.name ?? q.register ?? null,
    secret: chosen?.secret ?? false,
    registers,
    rows,
  };
}

// The report of processing by unit (báo cáo tình hình giải quyết văn bản,
// Decree 30 Appendix VI) from the cached documents: the work given in a
// period to each unit, and to each person inside it where the cache knows
// who, counted as finished on time, finished late, or not finished (of which
// overdue) at `now`. Deadlines are days in Vietnam: finishing at any hour of
// the deadline's day is on time. Pure; the store picks the candidates
// (store.assignedBetween).
import type { DocDirectory } from '../../../shared/documents';
import type { ProcessingCounts, ProcessingPerson, ProcessingReport, ProcessingUnit } from '../../../shared/documents-print';
import type { ApiDocument } from './api';
import { vnDay } from './boxes';

export interface ReportQuery {
  agency: string;
  from: string;
  to: string;
  now: number;
  directory: DocDirectory;
}

type Assignment = ApiDocument['assignments'][number];
type Outcome = 'onTime' | 'late' | 'notDone' | 'overdue';

/** Documents that left the agency's work: returned to the sender, or taken back. Nothing of them is owed. */
const OUT_OF_WORK = new Set<ApiDocument['state']>(['rejected', 'taken_back']);

export function emptyCounts(): ProcessingCounts {
  return { assigned: 0, lead: 0, onTime: 0, late: 0, notDone: 0, overdue: 0 };
}

function add(c: ProcessingCounts, a: Assignment, outcome: Outcome): void {
  c.assigned += 1;
  if (a.role === 'lead') c.lead += 1;
  if (outcome === 'onTime') c.onTime += 1;
  else if (outcome === 'late') c.late += 1;
  else {
    c.notDone += 1;
    if (outcome === 'overdue') c.overdue += 1;
  }
}

function sum(into: ProcessingCounts, c: ProcessingCounts): void {
  into.assigned += c.assigned;
  into.lead += c.lead;
  into.onTime += c.onTime;
  into.late += c.late;
  into.notDone += c.notDone;
  into.overdue += c.overdue;
}

/** When the document was finished: the last step into "finished" (the finish closes every lead and co-worker assignment at once). */
function finishedAt(doc: ApiDocument): number | null {
  for (let i = doc.trace.length - 1; i >= 0; i--) {
    const t = doc.trace[i]!;
    if (t.toState === 'finished') return Date.parse(t.at);
  }
  return null;
}

/** On time, late, or not done at `today` (overdue when the deadline's day is past). */
export function outcomeOf(a: Pick<Assignment, 'state' | 'deadline'>, doneAt: number | null, today: string): Outcome {
  if (a.state === 'done') {
    if (!a.deadline || doneAt === null) return 'onTime';
    return vnDay(doneAt) <= a.deadline ? 'onTime' : 'late';
  }
  return a.deadline !== null && a.deadline < today ? 'overdue' : 'notDone';
}

export function processingReport(docs: readonly ApiDocument[], q: ReportQuery): ProcessingReport {
  const today = vnDay(q.now);
  const unitOrder = new Map(q.directory.units.map((u, i) => [u.id, i]));
  const unitNames = new Map(q.directory.units.map((u) => [u.id, u.name]));
  const personUnit = new Map(q.directory.people.map((p) => [p.username, p.unitId]));
  const units = new Map<string, { unit: ProcessingUnit; people: Map<string, ProcessingPerson> }>();
  const unitOf = (id: string, fallbackName: string) => {
    let u = units.get(id);
    if (!u) {
      u = { unit: { id, name: unitNames.get(id) ?? fallbackName, counts: emptyCounts(), people: [] }, people: new Map() };
      units.set(id, u);
    }
    return u;
  };
  const personIn = (u: ReturnType<typeof unitOf>, a: Assignment) => {
    let p = u.people.get(a.assignee.id);
    if (!p) {
      p = { username: a.assignee.id, name: a.assignee.name, counts: emptyCounts() };
      u.people.set(a.assignee.id, p);
    }
    return p;
  };
  let documents = 0;
  for (const doc of docs) {
    if (doc.direction !== 'incoming' || OUT_OF_WORK.has(doc.state)) continue;
    const given = doc.assignments.filter((a) => a.parentId === null && a.role !== 'info' && inPeriod(a.assignedAt, q.from, q.to));
    if (given.length === 0) continue;
    documents += 1;
    const doneAt = finishedAt(doc) ?? Date.parse(doc.updatedAt);
    for (const a of given) {
      const unitId = a.assignee.kind === 'unit' ? a.assignee.id : (personUnit.get(a.assignee.id) ?? '');
      const u = unitOf(unitId, a.assignee.kind === 'unit' ? a.assignee.name : '');
      add(u.unit.counts, a, outcomeOf(a, doneAt, today));
      if (a.assignee.kind === 'person') add(personIn(u, a).counts, a, outcomeOf(a, doneAt, today));
      // The specialist a head gave the unit's work to (the last one: a re-assignment hands it over).
      for (const c of doc.assignments) {
        if (c.parentId === a.id && c.assignee.kind === 'person') add(personIn(u, c).counts, c, outcomeOf(c, doneAt, today));
      }
    }
  }
  const rank = (u: ProcessingUnit) => (u.id === '' ? Number.MAX_SAFE_INTEGER : (unitOrder.get(u.id) ?? Number.MAX_SAFE_INTEGER - 1));
  const list = [...units.values()]
    .map(({ unit, people }) => ({ ...unit, people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi')) }))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi'));
  const totals = emptyCounts();
  for (const u of list) sum(totals, u.counts);
  return { agency: q.agency, from: q.from, to: q.to, asOf: q.now, documents, units: list, totals };
}

function inPeriod(iso: string, from: string, to: string): boolean {
  const day = vnDay(Date.parse(iso));
  return day >= from && day <= to;
}

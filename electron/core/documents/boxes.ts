// Which boxes a document is in for this person, their own deadline on it, and
// what their role lets them do with it now. Pure: the store derives its list
// columns from these, the service its action buttons. The server decides in
// the end (403/409); this only decides what the user is offered and sees.
import type { Box, DocActionType, DocRole, DueMark } from '../../../shared/documents';
import type { ApiDocument } from './api';

export interface Me {
  username: string;
  role: DocRole;
  unitId: string;
}

export const BOX_BITS: Record<Box, number> = { to_process: 1, incoming: 2, outgoing: 4, drafts: 8, following: 16, info: 32 };

const CLOSED = new Set(['finished', 'rejected', 'taken_back']);

type Assignment = ApiDocument['assignments'][number];

function isMine(a: Assignment, me: Me): boolean {
  if (a.assignee.kind === 'person') return a.assignee.id === me.username;
  return a.assignee.id === me.unitId;
}

/** Open lead/co assignments that are the user's to act on (a unit's counts for its head until handed to someone). */
export function myOpenAssignments(doc: ApiDocument, me: Me): Assignment[] {
  return doc.assignments.filter((a) => {
    if (a.state !== 'open' || a.role === 'info' || !isMine(a, me)) return false;
    if (a.assignee.kind === 'unit') {
      if (me.role !== 'head' && me.role !== 'leader') return false;
      return !doc.assignments.some((c) => c.parentId === a.id && c.state === 'open');
    }
    return true;
  });
}

export function boxesOf(doc: ApiDocument, me: Me): number {
  let bits = 0;
  const open = !CLOSED.has(doc.state);
  if (doc.direction === 'incoming') bits |= BOX_BITS.incoming;
  if (doc.direction === 'outgoing') bits |= ['draft', 'in_review', 'returned'].includes(doc.state) ? BOX_BITS.drafts : BOX_BITS.outgoing;
  if (open && toProcess(doc, me)) bits |= BOX_BITS.to_process;
  const followed =
    doc.assignments.some((a) => a.assignedBy.username === me.username) ||
    doc.opinions.some((o) => o.kind === 'urge' && o.author.username === me.username) ||
    (me.role === 'head' && doc.assignments.some((a) => a.assignee.kind === 'unit' && a.assignee.id === me.unitId && doc.assignments.some((c) => c.parentId === a.id)));
  if (followed && (me.role === 'leader' || me.role === 'head')) bits |= BOX_BITS.following;
  if (doc.assignments.some((a) => a.role === 'info' && isMine(a, me))) bits |= BOX_BITS.info;
  return bits;
}

function toProcess(doc: ApiDocument, me: Me): boolean {
  if (myOpenAssignments(doc, me).length > 0) return true;
  switch (doc.state) {
    case 'arrived':
    case 'registered':
      return me.role === 'clerk' && doc.direction === 'incoming';
    case 'submitted':
      return doc.submittedTo?.username === me.username;
    case 'in_review':
      return doc.reviewer?.username === me.username;
    case 'returned':
    case 'draft':
      return doc.drafter?.username === me.username;
    case 'approved':
    case 'issued':
      return me.role === 'clerk';
    default:
      return false;
  }
}

/**
 * The user's own deadline: the earliest of their open assignments', else (for
 * whoever assigned it: a leader, a head of department) the earliest open
 * deadline they set, so Following sorts and filters by the days they urge on;
 * else the document's.
 */
export function myDeadline(doc: ApiDocument, me: Me): string | null {
  const earliest = (list: Assignment[]) =>
    list
      .map((a) => a.deadline)
      .filter((d): d is string => d !== null)
      .sort()[0];
  return earliest(myOpenAssignments(doc, me)) ?? earliest(doc.assignments.filter((a) => a.state === 'open' && a.role !== 'info' && a.assignedBy.username === me.username)) ?? doc.dueDate;
}

/** Vietnam's calendar day of an instant: deadlines are days in Vietnam whatever the machine's zone. */
export function vnDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * An open document's deadline against the organization's today (`today`,
 * YYYY-MM-DD: due.ts deadlineToday): past its day it is overdue, on it due
 * today; the same day its deadline reminders count from.
 */
export function dueMark(deadline: string | null, state: string, today: string): DueMark {
  if (!deadline || CLOSED.has(state) || state === 'sent') return null;
  if (deadline < today) return 'overdue';
  if (deadline === today) return 'today';
  return null;
}

export const URGENCY_RANK: Record<ApiDocument['urgency'], number> = { thuong: 0, khan: 1, thuong_khan: 2, hoa_toc: 3 };

/** Actions offered to the user on the document now, by role and state. */
export function actionsFor(doc: ApiDocument, me: Me): DocActionType[] {
  const out: DocActionType[] = [];
  const s = doc.state;
  if (s === 'taken_back' || s === 'rejected') return out;
  const mine = myOpenAssignments(doc, me);
  if (me.role === 'clerk') {
    if (s === 'arrived') out.push('register', 'reject');
    if (s === 'registered') out.push('submit');
    if (s === 'approved') out.push('issue');
    if (s === 'issued') out.push('send');
  }
  if (s === 'submitted' && (doc.submittedTo?.username === me.username || (me.role === 'leader' && !doc.submittedTo))) out.push('assign');
  if (me.role === 'leader' && s === 'registered') out.push('assign');
  const headsUnit = doc.assignments.some((a) => a.parentId === null && a.role !== 'info' && a.state === 'open' && a.assignee.kind === 'unit' && a.assignee.id === me.unitId);
  if (me.role === 'head' && headsUnit && (s === 'assigned' || s === 'in_progress')) out.push('reassign');
  const personal = mine.some((a) => a.assignee.kind === 'person') || (mine.length > 0 && me.role !== 'leader');
  if (personal && s === 'assigned') out.push('start');
  if ((s === 'assigned' || s === 'in_progress') && (mine.length > 0 || doc.assignments.some((a) => isMine(a, me)))) out.push('comment');
  if (personal && (s === 'assigned' || s === 'in_progress')) out.push('finish');
  const assigner = doc.assignments.some((a) => a.assignedBy.username === me.username);
  if ((me.role === 'leader' || me.role === 'clerk' || assigner) && (s === 'assigned' || s === 'in_progress')) out.push('urge');
  if (s === 'in_review' && doc.reviewer?.username === me.username) {
    out.push('return');
    if (me.role === 'leader') out.push('approve');
    else out.push('submit_review');
  }
  if ((s === 'draft' || s === 'returned') && doc.drafter?.username === me.username) out.push('submit_review');
  return [...new Set(out)];
}

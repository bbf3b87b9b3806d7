// What the user sees before the server answers: a queued action applied to the
// server's copy of a document (ARCHITECTURE rule 3). The server's own answer
// replaces this as soon as it comes; a refused action is not applied, so the
// document shows the server's state beside the refusal.
import type { DocAction } from '../../../shared/documents';
import type { ApiDocument } from './api';

export interface LocalActor {
  username: string;
  name: string;
}

export interface Directory {
  unitName(id: string): string | null;
  personName(username: string): string | null;
}

type State = ApiDocument['state'];

/** A copy of `doc` with the action applied the way the server would, as far as the cache can tell. */
export function applyLocal(doc: ApiDocument, action: DocAction, actionId: string, actor: LocalActor, atIso: string, dir: Directory): ApiDocument {
  const d: ApiDocument = structuredClone(doc);
  const who = { username: actor.username, name: actor.name };
  const step = (name: string, to: State, note: string | null = null) => {
    d.trace.push({ seq: (d.trace.at(-1)?.seq ?? 0) + 1, at: atIso, actor: who, action: name, fromState: d.state, toState: to, note });
    d.state = to;
  };
  const opinion = (kind: ApiDocument['opinions'][number]['kind'], text: string) => d.opinions.push({ id: `local:${actionId}:${kind}`, kind, author: who, at: atIso, text });
  const target = (t: { kind: 'unit' | 'person'; id: string }) => ({
    kind: t.kind,
    id: t.id,
    name: (t.kind === 'unit' ? dir.unitName(t.id) : dir.personName(t.id)) ?? t.id,
  });
  switch (action.type) {
    case 'register':
      step('register', 'registered', action.note ?? null);
      break;
    case 'reject':
      opinion('reject', action.reason);
      step('reject', 'rejected', action.reason);
      break;
    case 'submit':
      d.submittedTo = { username: action.to, name: dir.personName(action.to) ?? action.to };
      step('submit', 'submitted', action.note ?? null);
      break;
    case 'assign': {
      let n = 0;
      const add = (t: { kind: 'unit' | 'person'; id: string; deadline?: string }, role: 'lead' | 'co' | 'info') =>
        d.assignments.push({
          id: `local:${actionId}:${n++}`,
          role,
          assignee: target(t),
          deadline: role === 'info' ? null : (t.deadline ?? d.dueDate),
          assignedBy: who,
          assignedAt: atIso,
          parentId: null,
          state: 'open',
        });
      add(action.lead, 'lead');
      for (const t of action.coworkers) add(t, 'co');
      for (const t of action.info) add(t, 'info');
      if (action.lead.deadline && (!d.dueDate || action.lead.deadline < d.dueDate)) d.dueDate = action.lead.deadline;
      opinion('directive', action.directive);
      step('assign', 'assigned', action.directive);
      break;
    }
    case 'reassign': {
      const parent = d.assignments.find((a) => a.parentId === null && a.role !== 'info' && a.state === 'open' && a.assignee.kind === 'unit');
      if (parent) {
        d.assignments = d.assignments.filter((a) => !(a.parentId === parent.id && a.state === 'open'));
        d.assignments.push({
          id: `local:${actionId}`,
          role: parent.role,
          assignee: target({ kind: 'person', id: action.assignee }),
          deadline: action.deadline ?? parent.deadline,
          assignedBy: who,
          assignedAt: atIso,
          parentId: parent.id,
          state: 'open',
        });
      }
      if (action.note) opinion('directive', action.note);
      step('reassign', 'in_progress', action.note ?? null);
      break;
    }
    case 'start':
      step('start', 'in_progress', action.note ?? null);
      break;
    case 'comment':
      opinion('comment', action.text);
      step('comment', d.state, action.text);
      break;
    case 'finish':
      d.assignments = d.assignments.map((a) => (a.role === 'info' ? a : { ...a, state: 'done' }));
      opinion('finish', action.summary);
      step('finish', 'finished', action.summary);
      break;
    case 'urge':
      opinion('urge', action.message);
      step('urge', d.state, action.message);
      break;
    case 'submit_review':
      d.reviewer = { username: action.to, name: dir.personName(action.to) ?? action.to };
      step('submit_review', 'in_review', action.note ?? null);
      break;
    case 'return':
      opinion('review', action.comment);
      step('return', 'returned', action.comment);
      break;
    case 'approve':
      step('approve', 'approved', action.note ?? null);
      break;
    case 'issue':
      step('issue', 'issued');
      break;
    case 'send':
      step('send', 'sent');
      break;
  }
  return d;
}

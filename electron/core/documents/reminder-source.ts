// The documents feature's due items (due.ts: a new document to process, an
// urge received, a deadline reached) behind the reminder engine's source
// interface, so they ring, count in the badge and show in Reminders like the
// calendar's. The engine keeps their state; the server has no notion of it.
import type { ReminderSource } from '../reminders/source';
import type { DocumentsFeature } from './service';

export function documentsReminderSource(feature: () => Pick<DocumentsFeature, 'due'> | null): ReminderSource {
  return {
    id: 'documents',
    // Settings: the deadlines' lead times and the start of work move its firings.
    topics: ['documents', 'settings'],
    due(fromMs, toMs) {
      const f = feature();
      if (!f) return [];
      return f.due.due(fromMs, toMs).map((i) => ({
        key: i.key,
        fireAt: i.at,
        // An urge says what the urging person wrote; the others name the document.
        // Urged again and again: the latest text, and how many times (a count reads the same in every language).
        title: i.kind === 'urge' && i.detail ? `${i.code}: ${i.detail}${(i.count ?? 1) > 1 ? ` (×${i.count})` : ''}` : `${i.code}: ${i.subject}`,
        aboutMs: i.kind === 'deadline' ? (i.deadlineAt ?? i.at) : null,
        open: { section: 'documents', id: i.documentId },
      }));
    },
  };
}

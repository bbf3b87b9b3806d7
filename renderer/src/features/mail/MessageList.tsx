import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessagePage, MessageSummary, PageCursor, TextSegment } from '../../../../shared/mail';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';

const PAGE = 100;
const ROW = 64;

export function Highlighted({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

export function Row({ m, selected, onOpen, subject, snippet }: { m: MessageSummary; selected: boolean; onOpen: (id: number) => void; subject?: TextSegment[]; snippet?: TextSegment[] }) {
  const { t, i18n } = useTranslation();
  const who = m.from[0]?.name || m.from[0]?.address || '';
  return (
    <button
      type="button"
      className={`mail-row${m.seen ? '' : ' unread'}${selected ? ' selected' : ''}`}
      aria-current={selected}
      data-message-id={m.id}
      onClick={() => onOpen(m.id)}
    >
      <span className="who">{who}</span>
      <span className="when">{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(m.date)}</span>
      <span className="subject">
        {m.flagged ? '⚑ ' : ''}
        {m.hasAttachments ? '📎 ' : ''}
        {subject ? <Highlighted segments={subject} /> : m.subject || t('mail.noSubject')}
        {m.pending ? <span className="badge">{t('mail.list.pending')}</span> : null}
      </span>
      {snippet ? (
        <span className="snippet">
          <Highlighted segments={snippet} />
        </span>
      ) : null}
    </button>
  );
}

/** A folder's messages, newest first, paged by key as the list scrolls; only visible rows are in the DOM. */
export function MessageList({ folderId, selected, onOpen }: { folderId: number; selected: number | null; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery<MessagePage, Error, { pages: MessagePage[] }, unknown[], PageCursor | null>({
    queryKey: ['mail', 'mail.list', folderId],
    queryFn: ({ pageParam }) => api.call('mail.list', { folderId, after: pageParam, limit: PAGE }),
    initialPageParam: null,
    getNextPageParam: (last) => last.next,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  const last = v.getVirtualItems().at(-1);
  useEffect(() => {
    if (last && last.index >= items.length - 20 && q.hasNextPage && !q.isFetchingNextPage) void q.fetchNextPage();
  }, [last, items.length, q]);

  if (q.error) return <ErrorNote error={q.error} />;
  if (q.data && items.length === 0) return <p className="mail-empty">{t('mail.list.empty')}</p>;
  return (
    <div ref={parent} className="mail-list" role="list" aria-label={t('mail.list.label')} aria-busy={q.isFetching}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((row) => {
          const m = items[row.index];
          if (!m) return null;
          return (
            <div key={m.id} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}>
              <Row m={m} selected={m.id === selected} onOpen={onOpen} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Badge, Checkbox, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailAddress, MessageSummary, PageCursor, TextSegment, ThreadSummary } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatListWhen, formatMoment } from '../../ui/format';
import { Icon } from '../../ui/Icon';

const PAGE = 100;
const ROW = 64;

export function Highlighted({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

/** How a conversation row differs from a message row: names, marks and unread come from the whole conversation. */
export interface RowThread {
  count: number;
  unread: boolean;
  participants: MailAddress[];
  flagged: boolean;
  hasAttachments: boolean;
}

export function Row({
  m,
  selected,
  onOpen,
  subject,
  snippet,
  thread,
  me,
}: {
  m: MessageSummary;
  selected: boolean;
  onOpen: (id: number) => void;
  subject?: TextSegment[];
  snippet?: TextSegment[];
  thread?: RowThread;
  /** The signed-in address: named "me" among a conversation's senders. */
  me?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const name = (a: MailAddress) => (me && a.address.toLowerCase() === me.toLowerCase() ? t('mail.list.me') : a.name || a.address);
  const who = thread && thread.participants.length > 0 ? thread.participants.map(name).join(', ') : m.from[0] ? name(m.from[0]) : '';
  const unread = thread ? thread.unread : !m.seen;
  const flagged = thread ? thread.flagged : m.flagged;
  const files = thread ? thread.hasAttachments : m.hasAttachments;
  const countLabel = thread && thread.count > 1 ? t('mail.list.threadCount', { count: thread.count }) : null;
  return (
    <UnstyledButton
      className={`mail-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
      aria-current={selected}
      data-message-id={m.id}
      title={`${m.subject || t('mail.noSubject')}\n${who} · ${formatMoment(m.date, i18n.language)}`}
      onClick={() => onOpen(m.id)}
    >
      <span className="who">{who}</span>
      <span className="when">
        {countLabel && thread ? (
          <>
            <span className="thread-count" title={countLabel} aria-hidden="true">
              {thread.count}
            </span>
            <VisuallyHidden>{countLabel}</VisuallyHidden>{' '}
          </>
        ) : null}
        <time dateTime={new Date(m.date).toISOString()}>{formatListWhen(m.date, i18n.language)}</time>
      </span>
      <span className="subject">
        {flagged ? (
          <>
            <Icon name="flag" /> <VisuallyHidden>{t('mail.list.flagged')}</VisuallyHidden>
          </>
        ) : null}
        {m.followUpAt !== null ? (
          <span className="follow-up-due" data-follow-up-due="">
            {t('mail.list.followUp', { when: formatListWhen(m.followUpAt, i18n.language) })}
          </span>
        ) : null}
        {files ? (
          <>
            <Icon name="paperclip" /> <VisuallyHidden>{t('mail.list.hasAttachments')}</VisuallyHidden>
          </>
        ) : null}
        {subject ? <Highlighted segments={subject} /> : m.subject || t('mail.noSubject')}
        {m.pending ? (
          <Badge size="sm" color="yellow" autoContrast ml={4}>
            {t('mail.list.pending')}
          </Badge>
        ) : null}
      </span>
      {snippet ? (
        <span className="snippet">
          <Highlighted segments={snippet} />
        </span>
      ) : null}
    </UnstyledButton>
  );
}

interface Paged<T> {
  items: T[];
  next: PageCursor | null;
}

/** Rows paged by key as the list scrolls; only the visible ones are in the DOM. */
function VirtualRows<T>({
  name,
  folderId,
  fetchPage,
  keyOf,
  render,
}: {
  name: 'mail.list' | 'mail.threads';
  folderId: number;
  fetchPage: (after: PageCursor | null) => Promise<Paged<T>>;
  keyOf: (item: T) => number;
  render: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const q = useInfiniteQuery<Paged<T>, Error, { pages: Paged<T>[] }, unknown[], PageCursor | null>({
    queryKey: ['mail', name, folderId],
    queryFn: ({ pageParam }) => fetchPage(pageParam),
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
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            // Measured, not fixed: a long subject wraps to a second line where the list is narrow.
            <div key={keyOf(item)} ref={v.measureElement} data-index={row.index} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
              {render(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * A folder's messages, newest first: one row per conversation (its newest
 * message here stands for it) or one per message, as the user chose
 * (setting mailGroupByThread, which a policy may fix).
 */
export function MessageList({ folderId, selected, onOpen }: { folderId: number; selected: number | null; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const settings = useCall('settings', 'settings.get', {});
  const auth = useCall('account', 'auth.state', {});
  const me = auth.data?.account?.email ?? null;
  const queries = useQueryClient();
  // The box follows the click at once (and keeps the keyboard focus: it is never disabled while saving);
  // the core's answer then becomes the settings everyone reads.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (mailGroupByThread: boolean) => api.call('settings.set', { mailGroupByThread }),
    onSuccess: (view) => queries.setQueryData(['settings', 'settings.get', {}], view),
    onSettled: () => setWanted(null),
  });
  const [markError, setMarkError] = useState<unknown>(null);
  if (!settings.data) return settings.error ? <ErrorNote error={settings.error} /> : <div className="mail-list" aria-busy="true" />;
  const grouped = wanted ?? settings.data.values.mailGroupByThread;
  const locked = settings.data.locked.includes('mailGroupByThread');
  // Opening a conversation reads it: the reader marks the message it shows, this the others unread here.
  const openThread = (th: ThreadSummary) => {
    const others = th.unreadIds.filter((id) => id !== th.latest.id);
    if (others.length > 0) void api.call('mail.setFlags', { ids: others, add: ['\\Seen'], remove: [] }).catch(setMarkError);
    onOpen(th.latest.id);
  };
  return (
    <>
      <div className="mail-list-bar">
        <Checkbox size="xs" label={t('mail.list.groupByThread')} checked={grouped} disabled={locked} onChange={(e) => (setWanted(e.currentTarget.checked), save.mutate(e.currentTarget.checked))} />
        {locked ? <span className="locked-note">
            <Icon name="lock" /> {t('settings.locked')}
          </span> : null}
      </div>
      {save.isError ? <ErrorNote error={save.error} /> : null}
      {markError ? <ErrorNote error={markError} /> : null}
      {grouped ? (
        <VirtualRows<ThreadSummary>
          key="threads"
          name="mail.threads"
          folderId={folderId}
          fetchPage={(after) => api.call('mail.threads', { folderId, after, limit: PAGE })}
          keyOf={(th) => th.latest.id}
          render={(th) => (
            <Row
              m={th.latest}
              selected={th.latest.id === selected}
              onOpen={() => openThread(th)}
              thread={{ count: th.count, unread: th.unread > 0, participants: th.participants, flagged: th.flagged, hasAttachments: th.hasAttachments }}
              me={me}
            />
          )}
        />
      ) : (
        <VirtualRows<MessageSummary>
          key="messages"
          name="mail.list"
          folderId={folderId}
          fetchPage={(after) => api.call('mail.list', { folderId, after, limit: PAGE })}
          keyOf={(m) => m.id}
          render={(m) => <Row m={m} selected={m.id === selected} onOpen={onOpen} />}
        />
      )}
    </>
  );
}

import { Checkbox } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Box, DocFilter, DocPage, DocSort, DocSummary } from '../../../../shared/documents';
import { api } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';
import { DocRow } from './DocRow';

const PAGE = 100;
const ROW = 78;

/** Rows that can be picked (Following: to urge several at once), and what picking one does. */
export interface Picking {
  ids: ReadonlySet<string>;
  toggle: (doc: DocSummary) => void;
}

/** A box's documents paged by key as the list scrolls; only the visible rows are in the DOM. Arrow keys move, Enter opens. */
export function DocList({ box, sort, filter, selected, onOpen, picking }: { box: Box; sort: DocSort; filter: DocFilter; selected: string | null; onOpen: (id: string) => void; picking?: Picking }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery<DocPage, Error, { pages: DocPage[] }, unknown[], string | null>({
    queryKey: ['documents', 'documents.list', box, sort, filter],
    queryFn: ({ pageParam }) => api.call('documents.list', { box, sort, filter, after: pageParam, limit: PAGE }),
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

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = items.findIndex((d) => d.id === selected);
    const next = Math.min(items.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
    const doc = items[next];
    if (!doc) return;
    onOpen(doc.id);
    v.scrollToIndex(next);
    requestAnimationFrame(() => parent.current?.querySelector<HTMLButtonElement>(`[data-doc-id="${CSS.escape(doc.id)}"]`)?.focus());
  };

  if (q.error) return <ErrorNote error={q.error} />;
  if (q.data && items.length === 0) return <p className="mail-empty">{t('documents.list.empty')}</p>;
  return (
    <div ref={parent} className="doc-list" role="list" aria-label={t(`documents.box.${box}`)} aria-busy={q.isFetching} onKeyDown={onKey}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((row) => {
          const doc = items[row.index];
          if (doc === undefined) return null;
          return (
            <div
              key={doc.id}
              role="listitem"
              className={picking ? 'doc-pickable' : undefined}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}
            >
              {picking ? (
                <Checkbox
                  className="doc-pick"
                  checked={picking.ids.has(doc.id)}
                  onChange={() => picking.toggle(doc)}
                  aria-label={t('documents.urge.select', { code: doc.code || doc.subject })}
                  data-pick={doc.id}
                />
              ) : null}
              <DocRow doc={doc} selected={doc.id === selected} onOpen={onOpen} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

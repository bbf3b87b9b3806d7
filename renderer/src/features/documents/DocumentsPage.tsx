import { Badge, Button, Group, NavLink, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BOXES, DOC_SORTS, URGENCIES, type Box, type DocFilter, type DocSort, type DocSummary } from '../../../../shared/documents';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { formatStamp } from '../../ui/format';
import { useOpenParam } from '../reminders/open-target';
import { DocList } from './DocList';
import { DocOutbox } from './DocOutbox';
import { DocRow } from './DocRow';
import { DocView } from './DocView';
import { UrgeMany } from './UrgeMany';
import { usePackageImport } from './PackageImport';
import { canPrint, DocumentsPrint } from './print/DocumentsPrint';
import { PrintMenu } from './print/PrintMenu';
import type { PrintKind } from '../../../../shared/documents-print';
import './documents.css';

function SearchResults({ query, box, selected, onOpen }: { query: string; box: Box; selected: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const q = useCall('documents', 'documents.search', { query, limit: 50 });
  void box;
  if (q.error) return <ErrorNote error={q.error} />;
  if (!q.data) return <div className="doc-list" aria-busy="true" />;
  return (
    <div className="doc-list" role="list" aria-label={t('documents.search.results')}>
      {q.data.hits.length === 0 ? <p className="mail-empty">{t('documents.search.none')}</p> : null}
      {q.data.hits.map((h) => (
        <div role="listitem" key={h.doc.id}>
          <DocRow doc={h.doc} selected={h.doc.id === selected} onOpen={onOpen} subject={h.subject} snippet={h.snippet} />
        </div>
      ))}
      {q.data.truncated ? <p className="muted mail-more">{t('documents.search.truncated')}</p> : null}
    </div>
  );
}

function Filters({ box, sort, filter, onSort, onFilter }: { box: Box; sort: DocSort; filter: DocFilter; onSort: (s: DocSort) => void; onFilter: (f: DocFilter) => void }) {
  const { t } = useTranslation();
  const facets = useCall('documents', 'documents.facets', { box });
  const set = (change: Partial<DocFilter>) => onFilter(Object.fromEntries(Object.entries({ ...filter, ...change }).filter(([, v]) => v !== undefined && v !== null)) as DocFilter);
  return (
    <Group gap="xs" className="doc-filters" wrap="wrap">
      <Select size="xs" aria-label={t('documents.sort.label')} data={DOC_SORTS.map((s) => ({ value: s, label: t(`documents.sort.${s}`) }))} value={sort} onChange={(v) => onSort((v as DocSort | null) ?? 'date')} allowDeselect={false} />
      <Select
        size="xs"
        clearable
        aria-label={t('documents.filter.urgency')}
        placeholder={t('documents.filter.urgency')}
        data={URGENCIES.map((u) => ({ value: u, label: t(`documents.urgency.${u}`) }))}
        value={filter.urgency?.[0] ?? null}
        onChange={(v) => set({ urgency: v ? [v as (typeof URGENCIES)[number]] : undefined })}
      />
      <Select size="xs" clearable searchable aria-label={t('documents.filter.issuer')}
        placeholder={t('documents.filter.issuer')} data={facets.data?.issuers ?? []} value={filter.issuer ?? null} onChange={(v) => set({ issuer: v ?? undefined })} />
      <Select size="xs" clearable aria-label={t('documents.filter.type')}
        placeholder={t('documents.filter.type')} data={facets.data?.typeNames ?? []} value={filter.typeName ?? null} onChange={(v) => set({ typeName: v ?? undefined })} />
      <Select
        size="xs"
        clearable
        aria-label={t('documents.filter.due')}
        placeholder={t('documents.filter.due')}
        data={[
          { value: 'overdue', label: t('documents.filter.overdue') },
          { value: 'due', label: t('documents.filter.dueNow') },
          { value: 'soon', label: t('documents.filter.soon') },
        ]}
        value={filter.due ?? null}
        onChange={(v) => set({ due: (v as DocFilter['due'] | null) ?? undefined })}
      />
    </Group>
  );
}

/** The Documents section: boxes with counts, a box's list (or search results), the open document. Everything read from the cache. */
export function DocumentsPage() {
  const { t, i18n } = useTranslation();
  const overview = useCall('documents', 'documents.overview', {});
  const o = overview.data;
  const [box, setBox] = useState<Box>('to_process');
  const [open, setOpen] = useState<string | null>(null);
  const [sort, setSort] = useState<DocSort>('date');
  const [filter, setFilter] = useState<DocFilter>({});
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  // The incoming register or the report of processing, shown in place of the lists while open.
  const [printing, setPrinting] = useState<PrintKind | null>(null);
  // Following: documents picked to urge together, kept by id with what the list showed of them.
  const [picked, setPicked] = useState<ReadonlyMap<string, DocSummary>>(new Map());
  const picking =
    box === 'following' && (o?.me?.role === 'leader' || o?.me?.role === 'head')
      ? {
          ids: new Set(picked.keys()),
          toggle: (doc: DocSummary) =>
            setPicked((m) => {
              const next = new Map(m);
              if (next.has(doc.id)) next.delete(doc.id);
              else next.set(doc.id, doc);
              return next;
            }),
        }
      : undefined;
  // Opened from Today, Reminders or a notice: `#/documents?open=<documentId>`. The document shows
  // whatever box is listed; 'outbox' (Today's waiting line) is the outbox below the boxes, always shown.
  const [asked, clearAsked] = useOpenParam();
  useEffect(() => {
    if (asked === null) return;
    if (asked !== 'outbox') {
      setTyped('');
      setOpen(asked);
    }
    clearAsked();
  }, [asked]);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), 200);
    return () => clearTimeout(timer);
  }, [typed]);
  const counts = new Map(overview.data?.boxes.map((b) => [b.box, b]) ?? []);
  const pkg = usePackageImport();
  return (
    <section className="page documents" data-page="documents" {...pkg.dropProps}>
      {pkg.dialog}
      <PageTitle>{t('pages.documents.title')}</PageTitle>
      {overview.error ? <ErrorNote error={overview.error} /> : null}
      {printing ? <DocumentsPrint kind={printing} onKind={setPrinting} onClose={() => setPrinting(null)} /> : null}
      <div className="doc-layout" hidden={printing !== null}>
        <nav className="mail-folders doc-boxes" aria-label={t('documents.box.label')}>
          <ul>
            {BOXES.map((b) => {
              const c = counts.get(b);
              return (
                <li key={b}>
                  <NavLink
                    component="button"
                    type="button"
                    active={b === box}
                    aria-current={b === box}
                    className="doc-box"
                    data-box={b}
                    onClick={() => (setBox(b), setOpen(null), setTyped(''), setFilter({}), setPicked(new Map()))}
                    label={t(`documents.box.${b}`)}
                    rightSection={
                      <span className="doc-box-counts">
                        {c && c.unread > 0 ? (
                          <Badge className="count" size="sm" aria-label={t('documents.box.unread', { count: c.unread })}>
                            {c.unread}
                          </Badge>
                        ) : null}
                        <span className="total" aria-label={t('documents.box.total', { count: c?.total ?? 0 })}>
                          {c?.total ?? 0}
                        </span>
                      </span>
                    }
                  />
                </li>
              );
            })}
          </ul>
          <p className="mail-status muted" aria-live="polite">
            {o?.me ? `${o.me.name} · ${t(`documents.role.${o.me.role}`)}` : t('documents.notYet')}
            {o?.lastSyncAt ? ` · ${t('documents.syncedAt', { when: formatStamp(o.lastSyncAt, i18n.language) })}` : ''}
          </p>
          <Button size="xs" variant="subtle" leftSection={<Icon name="retry" />} onClick={() => void api.call('documents.refresh', {})}>
            {t('documents.refresh')}
          </Button>
          {pkg.button}
          {canPrint(o?.me?.role) ? <PrintMenu onPrint={setPrinting} /> : null}
          <DocOutbox />
        </nav>
        <div className="mail-middle">
          <TextInput
            type="search"
            className="doc-search"
            leftSection={<Icon name="search" />}
            placeholder={t('documents.search.placeholder')}
            aria-label={t('documents.search.label')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
          {query ? null : <Filters box={box} sort={sort} filter={filter} onSort={setSort} onFilter={setFilter} />}
          {picking && !query ? (
            <UrgeMany
              picked={[...picked.values()]}
              onClear={() => setPicked(new Map())}
              onDone={(urged) =>
                setPicked((m) => {
                  const next = new Map(m);
                  for (const id of urged) next.delete(id);
                  return next;
                })
              }
            />
          ) : null}
          {query ? <SearchResults query={query} box={box} selected={open} onOpen={setOpen} /> : <DocList box={box} sort={sort} filter={filter} selected={open} onOpen={setOpen} picking={picking} />}
        </div>
        <div className="mail-right doc-right">{open !== null ? <DocView key={open} id={open} onOpen={setOpen} /> : <p className="mail-empty">{t('documents.view.none')}</p>}</div>
      </div>
    </section>
  );
}

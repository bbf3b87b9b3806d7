import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageSummary } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Button, TextInput } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { Compose, fromOutbox, type ComposeInit } from './Compose';
import { FolderTree } from './FolderTree';
import { MessageList, Row } from './MessageList';
import { Outbox } from './Outbox';
import { Reader } from './Reader';
import './mail.css';

/** Asks the server (IMAP SEARCH) in one folder, for mail whose body the cache does not hold. */
function ServerSearch({ query, folderId, selected, onOpen }: { query: string; folderId: number; selected: number | null; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; found: MessageSummary[] | null; error: unknown }>({ busy: false, found: null, error: null });
  const run = () => {
    setState({ busy: true, found: null, error: null });
    api.call('mail.searchServer', { query, folderId, limit: 50 }).then(
      (found) => setState({ busy: false, found, error: null }),
      (error: unknown) => setState({ busy: false, found: null, error }),
    );
  };
  return (
    <div className="mail-server-search">
      <button type="button" onClick={run} disabled={state.busy} aria-busy={state.busy}>
        {t('mail.search.onServer')}
      </button>
      {state.error ? <ErrorNote error={state.error} /> : null}
      {state.found ? (
        state.found.length === 0 ? (
          <p className="muted">{t('mail.search.none')}</p>
        ) : (
          <div role="list" aria-label={t('mail.search.serverResults')}>
            {state.found.map((m) => (
              <div role="listitem" key={m.id}>
                <Row m={m} selected={m.id === selected} onOpen={onOpen} />
              </div>
            ))}
          </div>
        )
      ) : null}
    </div>
  );
}

function SearchResults({ query, folderId, selected, onOpen }: { query: string; folderId: number | null; selected: number | null; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const q = useCall('mail', 'mail.search', { query, limit: 50 });
  if (q.error) return <ErrorNote error={q.error} />;
  if (!q.data) return <div className="mail-list" aria-busy="true" />;
  return (
    <div className="mail-list" role="list" aria-label={t('mail.search.results')}>
      {q.data.hits.length === 0 ? <p className="mail-empty">{t('mail.search.none')}</p> : null}
      {q.data.hits.map((h) => (
        <div role="listitem" key={h.message.id}>
          <Row m={h.message} selected={h.message.id === selected} onOpen={onOpen} subject={h.subject} snippet={h.snippet} />
        </div>
      ))}
      {q.data.truncated ? <p className="muted mail-more">{t('mail.search.truncated')}</p> : null}
      {folderId !== null ? <ServerSearch key={`${query}:${folderId}`} query={query} folderId={folderId} selected={selected} onOpen={onOpen} /> : null}
    </div>
  );
}

/** The Mail section: folders, a folder's list (or search results), the open message. Everything read from the cache. */
export function MailPage() {
  const { t } = useTranslation();
  const folders = useCall('mail', 'mail.folders', {});
  const status = useCall('mail', 'mail.status', {});
  const [folderId, setFolderId] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [compose, setCompose] = useState<ComposeInit | null>(null);
  const [sentNote, setSentNote] = useState(false);

  // Search as you type, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), 200);
    return () => clearTimeout(timer);
  }, [typed]);

  const list = folders.data ?? [];
  const current = folderId ?? list.find((f) => f.specialUse === 'inbox')?.id ?? list[0]?.id ?? null;
  const progress = status.data?.progress;

  return (
    <section className="page mail" data-page="mail">
      <PageTitle>{t('pages.mail.title')}</PageTitle>
      {folders.error ? <ErrorNote error={folders.error} /> : null}
      <div className="mail-layout">
        <nav className="mail-folders" aria-label={t('mail.folders.label')}>
          <FolderTree folders={list} current={current} onSelect={(id) => (setFolderId(id), setOpen(null), setTyped(''))} />
          <p className="mail-status muted" aria-live="polite">
            {progress ? t('mail.status.progress', { done: progress.done, total: progress.total }) : status.data ? t(`mail.status.${status.data.connection}`) : ''}
            {status.data?.outboxPending ? ` · ${t('mail.status.outbox', { count: status.data.outboxPending })}` : ''}
          </p>
          <Outbox editing={compose?.edit?.id ?? null} onEdit={(c) => (setCompose(fromOutbox(c)), setSentNote(false))} />
        </nav>
        <div className="mail-middle">
          <Button className="mail-new" leftSection={<Icon name="plus" />} onClick={() => (setCompose({ to: '', cc: '', subject: '', text: '' }), setSentNote(false))}>
            {t('mail.compose.new')}
          </Button>
          <TextInput
            type="search"
            className="mail-search"
            leftSection={<Icon name="search" />}
            placeholder={t('mail.search.placeholder')}
            aria-label={t('mail.search.label')}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
          {query ? (
            <SearchResults query={query} folderId={current} selected={open} onOpen={setOpen} />
          ) : current !== null ? (
            <MessageList key={current} folderId={current} selected={open} onOpen={setOpen} />
          ) : null}
        </div>
        <div className="mail-right">
          {sentNote ? (
            <p role="status" className="mail-sent-note">
              {t('mail.compose.queued')}
            </p>
          ) : null}
          {compose ? (
            <Compose
              key={compose.edit?.id ?? 'new'}
              init={compose}
              onDone={(sent) => {
                setCompose(null);
                setSentNote(sent);
              }}
            />
          ) : open !== null ? (
            <Reader key={open} id={open} onCompose={(init) => (setCompose(init), setSentNote(false))} onClosed={() => setOpen(null)} onOpen={setOpen} />
          ) : (
            <p className="mail-empty">{t('mail.reader.none')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

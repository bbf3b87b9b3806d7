import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageSummary } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { queuedState, useServiceStatus } from '../../shell/useConnection';
import { Button, TextInput } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { openParam } from '../reminders/open-target';
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
      <Button variant="default" size="xs" leftSection={<Icon name="search" />} onClick={run} loading={state.busy} aria-busy={state.busy}>
        {t('mail.search.onServer')}
      </Button>
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

/**
 * What became of the message just sent, said as it is now and kept up to
 * date: sent, on the wire, waiting (for the connection or a new sign-in), or
 * refused. The outbox read after the send was queued no longer holding it
 * means the server took it.
 */
function SentNote({ id, at }: { id: string; at: number }) {
  const { t } = useTranslation();
  const q = useCall('mail', 'mail.outbox', {});
  const service = useServiceStatus('mail');
  const item = q.data?.find((o) => o.id === id);
  const state = item
    ? item.state === 'refused'
      ? 'refused'
      : queuedState(service, item.state === 'sending')
    : q.data && q.dataUpdatedAt > at
      ? 'sent'
      : 'queued';
  return (
    <p role="status" className="mail-sent-note" data-state={state} data-testid="sent-note">
      {t(`mail.compose.after.${state}`)}
    </p>
  );
}

/** The Mail section: folders, a folder's list (or search results), the open message. Everything read from the cache. */
export function MailPage() {
  const { t } = useTranslation();
  const folders = useCall('mail', 'mail.folders', {});
  const status = useCall('mail', 'mail.status', {});
  const [folderId, setFolderId] = useState<number | null>(null);
  // Opened from Today: `#/mail?open=<message id>`.
  const [open, setOpen] = useState<number | null>(() => {
    const id = Number(openParam());
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  });
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [compose, setCompose] = useState<ComposeInit | null>(null);
  const [sent, setSent] = useState<{ id: string; at: number } | null>(null);

  // "Send by mail" in Files: `#/mail?attach=<path>` opens Compose with the file attached (read by the core).
  useEffect(() => {
    const take = () => {
      const q = window.location.hash.indexOf('?');
      const path = q < 0 ? null : new URLSearchParams(window.location.hash.slice(q + 1)).get('attach');
      if (!path) return;
      const name = path.slice(path.lastIndexOf('/') + 1);
      setCompose({ to: '', cc: '', subject: name, text: '', fromFiles: [{ path, name, size: null }] });
      setSent(null);
      // Taken: a reload or Back does not attach it again.
      window.history.replaceState(null, '', '#/mail');
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);

  // Search as you type, once typing pauses.
  useEffect(() => {
    // Leading spaces mean nothing; a trailing one says the last word is finished (no prefix match).
    const timer = setTimeout(() => setQuery(typed.trimStart()), 200);
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
          <Outbox editing={compose?.edit?.id ?? null} onEdit={(c) => (setCompose(fromOutbox(c)), setSent(null))} />
        </nav>
        <div className="mail-middle">
          <Button className="mail-new" leftSection={<Icon name="plus" />} onClick={() => (setCompose({ to: '', cc: '', subject: '', text: '' }), setSent(null))}>
            {t('mail.compose.new')}
          </Button>
          <TextInput
            type="search"
            className="mail-search"
            leftSection={<Icon name="search" />}
            placeholder={t('mail.search.placeholder')}
            aria-label={t('mail.search.label')}
            title={t('mail.search.hint')}
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
          {sent ? <SentNote id={sent.id} at={sent.at} /> : null}
          {compose ? (
            <Compose
              key={compose.edit?.id ?? compose.fromFiles?.[0]?.path ?? 'new'}
              init={compose}
              onDone={(id) => {
                setCompose(null);
                setSent(id ? { id, at: Date.now() } : null);
              }}
            />
          ) : open !== null ? (
            <Reader key={open} id={open} onCompose={(init) => (setCompose(init), setSent(null))} onClosed={() => setOpen(null)} onOpen={setOpen} />
          ) : (
            <p className="mail-empty">{t('mail.reader.none')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

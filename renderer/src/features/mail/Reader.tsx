import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentInfo, MailAddress, MessageView, NestedMessage } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { Button, Group, UnstyledButton } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { forward, replyTo, type ComposeInit } from './Compose';
import { FollowUpMenu } from './FollowUpMenu';
import { applyFrameStyles, frameDocument, sanitizeMail } from './sanitize';
import { formatMoment, formatStamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';

/** Fetches one attachment through the core and hands it to the browser's download. */
async function download(id: number, index: number): Promise<void> {
  const f = await api.call('mail.attachment', { id, index });
  const bytes = Uint8Array.from(atob(f.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: f.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A message's files. The name shown (and saved) is the one the core made
 * safe; when that differs from the name the message gave, the original is in
 * the tooltip and said to screen readers.
 */
function Attachments({ id, files, onError }: { id: number; files: AttachmentInfo[]; onError: (err: unknown) => void }) {
  const { t } = useTranslation();
  const shown = files.filter((a) => !a.inline);
  if (shown.length === 0) return null;
  return (
    <ul className="mail-attachments" aria-label={t('mail.reader.attachments')}>
      {shown.map((a) => {
        const original = a.originalFilename ? t('mail.reader.originalName', { name: a.originalFilename }) : undefined;
        return (
          <li key={a.index}>
            <Button variant="light" size="compact-sm" leftSection={<Icon name="paperclip" />} title={original} aria-description={original} onClick={() => download(id, a.index).catch(onError)}>
              {a.filename}
            </Button>{' '}
            <span className="muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Messages forwarded inside this one, as far as they nest: headers, text, files. */
function Nested({ id, messages, onError }: { id: number; messages: NestedMessage[]; onError: (err: unknown) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {messages.map((n, i) => (
        <section key={i} className="mail-nested" aria-label={t('mail.reader.forwarded', { subject: n.subject || t('mail.noSubject') })}>
          <h3>{t('mail.reader.forwarded', { subject: n.subject || t('mail.noSubject') })}</h3>
          <dl>
            <dt>{t('mail.reader.from')}</dt>
            <dd>{people(n.from)}</dd>
            <dt>{t('mail.reader.to')}</dt>
            <dd>{people(n.to)}</dd>
            {n.cc.length ? (
              <>
                <dt>{t('mail.reader.cc')}</dt>
                <dd>{people(n.cc)}</dd>
              </>
            ) : null}
            {n.date !== null ? (
              <>
                <dt>{t('mail.reader.date')}</dt>
                <dd>{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' }).format(n.date)}</dd>
              </>
            ) : null}
          </dl>
          <Attachments id={id} files={n.attachments} onError={onError} />
          <div className="mail-text">{n.text}</div>
          {n.nested.length ? <Nested id={id} messages={n.nested} onError={onError} /> : null}
        </section>
      ))}
    </>
  );
}

function people(list: MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

/** Remote images the user allowed, fetched by the core (the frame fetches nothing), as data: URLs. */
function useRemoteImages(id: number, urls: readonly string[], allowed: boolean): { images: Map<string, string> | null; failed: unknown } {
  const [state, setState] = useState<{ key: string; images: Map<string, string>; failed: unknown } | null>(null);
  const key = allowed ? `${id}\n${urls.join('\n')}` : '';
  useEffect(() => {
    if (!key || urls.length === 0) return;
    let live = true;
    void (async () => {
      const images = new Map<string, string>();
      let failed: unknown = null;
      for (const url of urls.slice(0, MAX_REMOTE)) {
        try {
          const r = await api.call('mail.remoteContent', { id, url });
          images.set(url, `data:${r.contentType};base64,${r.contentBase64}`);
        } catch (err) {
          failed = err;
        }
      }
      if (live) setState({ key, images, failed });
    })();
    return () => {
      live = false;
    };
    // (key covers id and urls)
  }, [key]);
  return state && state.key === key ? { images: state.images, failed: state.failed } : { images: null, failed: null };
}

const MAX_REMOTE = 50;

/** Inline (cid:) images from the cache, as data: URLs keyed by Content-ID; a part not cached stays out. */
function useInlineParts(id: number, cids: readonly string[]): Map<string, string> | null {
  const [state, setState] = useState<{ key: string; parts: Map<string, string> } | null>(null);
  const key = `${id}\n${cids.join('\n')}`;
  useEffect(() => {
    if (cids.length === 0) return;
    let live = true;
    void (async () => {
      const parts = new Map<string, string>();
      for (const contentId of cids.slice(0, MAX_REMOTE)) {
        try {
          const r = await api.call('mail.inlinePart', { id, contentId });
          parts.set(contentId, `data:${r.contentType};base64,${r.contentBase64}`);
        } catch {
          // not cached (a body saved before parts were kept): the image is left out, as before
        }
      }
      if (live) setState({ key, parts });
    })();
    return () => {
      live = false;
    };
    // (key covers id and cids)
  }, [key]);
  return state && state.key === key ? state.parts : null;
}

/**
 * Sanitized HTML in a frame that runs no script; links open in the system
 * browser through the core. Remote content stays out until the user allows
 * this message or its sender (kept per account in the cache).
 */
function HtmlBody({ m, html }: { m: MessageView; html: string }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const sender = m.from[0]?.address ?? null;
  const senderPolicy = useCall('mail', 'mail.remoteSender', { address: sender ?? 'none@none.invalid' });
  const [allowMessage, setAllowMessage] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const senderAllowed = sender !== null && senderPolicy.data?.allowed === true;
  const allowed = allowMessage || senderAllowed;
  const first = useMemo(() => sanitizeMail(html), [html]);
  const urls = first.remoteUrls;
  const remote = useRemoteImages(m.id, urls, allowed);
  const inline = useInlineParts(m.id, first.cids);
  const clean = useMemo(
    () => sanitizeMail(html, { ...(remote.images ? { remote: remote.images } : {}), ...(inline ? { cid: inline } : {}) }),
    [html, remote.images, inline],
  );
  const setSender = (value: boolean) => {
    if (!sender) return;
    void api
      .call('mail.setRemoteSender', { address: sender, allowed: value })
      .then(() => senderPolicy.refetch())
      .catch(setActionError);
  };
  useEffect(() => {
    const f = frame.current;
    if (!f) return;
    // allow-same-origin without allow-scripts: nothing runs inside, and the
    // page can still style it through the CSSOM and send link clicks to the
    // system browser.
    const onLoad = () => {
      const doc = f.contentDocument;
      if (!doc) return;
      applyFrameStyles(doc, clean.css);
      f.style.height = `${Math.min(doc.documentElement.scrollHeight + 16, 20000)}px`;
      doc.addEventListener('click', (e) => {
        const a = (e.target as Element | null)?.closest?.('a[href]');
        if (!a) return;
        e.preventDefault();
        void api.call('shell.openExternal', { url: a.getAttribute('href') ?? '' }).catch(() => undefined);
      });
    };
    f.addEventListener('load', onLoad);
    return () => f.removeEventListener('load', onLoad);
  }, [clean.html, clean.css]);
  return (
    <>
      {clean.blockedRemote > 0 && !allowed ? (
        <div className="mail-remote-note" role="note">
          {t('mail.reader.remoteBlocked', { count: clean.blockedRemote })}{' '}
          {urls.length > 0 ? (
            <>
              <Button variant="default" size="compact-sm" onClick={() => setAllowMessage(true)}>
                {t('mail.reader.loadRemote')}
              </Button>{' '}
              {sender ? (
                <Button variant="default" size="compact-sm" onClick={() => setSender(true)}>
                  {t('mail.reader.loadRemoteSender', { address: sender })}
                </Button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      {senderAllowed ? (
        <p className="mail-remote-note" role="note">
          {t('mail.reader.remoteSenderAllowed', { address: sender })}{' '}
          <Button variant="default" size="compact-sm" onClick={() => setSender(false)}>
            {t('mail.reader.remoteSenderStop')}
          </Button>
        </p>
      ) : null}
      {remote.failed || actionError ? <ErrorNote error={remote.failed ?? actionError} /> : null}
      <iframe ref={frame} className="mail-frame" title={t('mail.reader.content')} sandbox="allow-same-origin" srcDoc={frameDocument(clean.html)} />
    </>
  );
}

/** The other messages of the conversation (References/In-Reply-To), oldest first, across folders. */
function Thread({ m, onOpen }: { m: MessageView; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const q = useCall('mail', 'mail.thread', { threadKey: m.threadKey });
  const items = q.data ?? [];
  if (items.length < 2) return null;
  return (
    <nav className="mail-thread" aria-label={t('mail.reader.thread', { count: items.length })}>
      <h3>{t('mail.reader.thread', { count: items.length })}</h3>
      <ol>
        {items.map((x) => (
          <li key={x.id}>
            <UnstyledButton className="mail-thread-item" aria-current={x.id === m.id} onClick={() => onOpen(x.id)}>
              <span className="who">{x.from[0]?.name || x.from[0]?.address}</span>{' '}
              <span className="muted">{formatStamp(x.date, i18n.language)}</span>
            </UnstyledButton>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Body({ m }: { m: MessageView }) {
  const { t } = useTranslation();
  if (m.warning) {
    return (
      <div className="mail-malformed">
        <p role="note" className="mail-warning">
          {t('mail.reader.malformed')}
        </p>
        <pre>{m.raw ?? m.text}</pre>
      </div>
    );
  }
  if (m.html) return <HtmlBody key={m.id} m={m} html={m.html} />;
  return <div className="mail-text">{m.text}</div>;
}

export function Reader({ id, onCompose, onClosed, onOpen }: { id: number; onCompose: (init: ComposeInit) => void; onClosed: () => void; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const q = useCall('mail', 'mail.open', { id });
  const m = q.data;
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const auth = useCall('account', 'auth.state', {});
  const me = auth.data?.account?.email ?? null;
  // Opening marks as read, the way every mail program does: once, so "mark unread" sticks.
  const marked = useRef(false);
  useEffect(() => {
    if (!m || marked.current) return;
    marked.current = true;
    if (!m.seen && m.uid > 0) void api.call('mail.setFlags', { ids: [m.id], add: ['\\Seen'], remove: [] }).catch(() => undefined);
  }, [m]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const folders = useCall('mail', 'mail.folders', {});
  const folder = folders.data?.find((f) => f.id === m?.folderId);
  const archive = folders.data?.find((f) => f.specialUse === 'archive');
  const act = (p: Promise<unknown>) => void p.catch(setDownloadError);
  // A failed open says why and leaves the message where it is in the list: the user may try again.
  if (q.error)
    return (
      <div className="mail-reader mail-open-failed">
        <ErrorNote error={q.error} />
        <Group mt="xs">
          <Button variant="default" leftSection={<Icon name="retry" />} onClick={() => void q.refetch()}>
            {t('mail.reader.retry')}
          </Button>
        </Group>
      </div>
    );
  if (!m) return <div className="mail-reader" aria-busy="true" />;
  return (
    <article className="mail-reader" aria-label={m.subject || t('mail.noSubject')}>
      <header>
        <div className="mail-reader-actions" role="toolbar" aria-label={t('mail.reader.actions')}>
          <Button variant="default" size="compact-sm" onClick={() => onCompose(replyTo(m, false, me))}>
            {t('mail.reader.reply')}
          </Button>
          <Button variant="default" size="compact-sm" onClick={() => onCompose(replyTo(m, true, me))}>
            {t('mail.reader.replyAll')}
          </Button>
          <Button variant="default" size="compact-sm" onClick={() => onCompose(forward(m))}>
            {t('mail.reader.forward')}
          </Button>
          <Button variant="default" size="compact-sm" onClick={() => act(api.call('mail.setFlags', { ids: [m.id], add: [], remove: ['\\Seen'] }))}>
            {t('mail.reader.markUnread')}
          </Button>
          <Button
            variant={m.flagged ? 'light' : 'default'}
            size="compact-sm"
            aria-pressed={m.flagged}
            onClick={() => act(api.call('mail.setFlags', { ids: [m.id], add: m.flagged ? [] : ['\\Flagged'], remove: m.flagged ? ['\\Flagged'] : [] }))}
          >
            {t('mail.reader.flag')}
          </Button>
          <FollowUpMenu m={m} onError={setDownloadError} />
          {archive && folder?.specialUse !== 'archive' ? (
            <Button variant="default" size="compact-sm" onClick={() => act(api.call('mail.move', { ids: [m.id], folderId: archive.id }).then(onClosed))}>
              {t('mail.reader.archive')}
            </Button>
          ) : null}
          {folder?.specialUse === 'trash' && !confirmDelete ? (
            <Button variant="default" size="compact-sm" onClick={() => setConfirmDelete(true)}>
              {t('mail.reader.delete')}
            </Button>
          ) : folder?.specialUse === 'trash' ? (
            <span role="alert" className="mail-confirm">
              {t('mail.reader.deleteForGood')}{' '}
              <Button variant="default" size="compact-sm" onClick={() => act(api.call('mail.delete', { ids: [m.id] }).then(onClosed))}>
                {t('mail.reader.deleteConfirm')}
              </Button>
              <Button variant="default" size="compact-sm" onClick={() => setConfirmDelete(false)}>
                {t('mail.compose.cancel')}
              </Button>
            </span>
          ) : (
            <Button variant="default" size="compact-sm" onClick={() => act(api.call('mail.delete', { ids: [m.id] }).then(onClosed))}>
              {t('mail.reader.delete')}
            </Button>
          )}
        </div>
        <h2>{m.subject || t('mail.noSubject')}</h2>
        <dl>
          <dt>{t('mail.reader.from')}</dt>
          <dd>{people(m.from)}</dd>
          <dt>{t('mail.reader.to')}</dt>
          <dd>{people(m.to)}</dd>
          {m.cc.length ? (
            <>
              <dt>{t('mail.reader.cc')}</dt>
              <dd>{people(m.cc)}</dd>
            </>
          ) : null}
          <dt>{t('mail.reader.date')}</dt>
          <dd>
            <time dateTime={new Date(m.date).toISOString()}>{formatMoment(m.date, i18n.language)}</time>
          </dd>
        </dl>
        <Attachments id={m.id} files={m.attachments} onError={setDownloadError} />
      </header>
      {downloadError ? <ErrorNote error={downloadError} /> : null}
      <Thread m={m} onOpen={onOpen} />
      <Body m={m} />
      {m.nested.length ? <Nested id={m.id} messages={m.nested} onError={setDownloadError} /> : null}
    </article>
  );
}

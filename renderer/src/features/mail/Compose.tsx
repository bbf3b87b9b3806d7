import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAIL_ATTACHMENT_MAX_BYTES, type AttachmentData, type MailAddress, type MessageView, type OutboxContent } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { errorKey, errorKeyOptions } from '../../i18n';
import { Button, Group, Textarea, TextInput } from '@mantine/core';
import { ErrorNote } from '../../ui/ErrorNote';
import { FilePicker } from '../../ui/FilePicker';
import { formatSize } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { FolderPicker } from '../files/FolderPicker';

/** A file from Files: the core attaches its bytes when the message is queued (size null: not known here). */
export interface FilesRef {
  path: string;
  name: string;
  size: number | null;
}

export interface ComposeInit {
  to: string;
  cc: string;
  subject: string;
  text: string;
  inReplyTo?: number;
  forwardOf?: number;
  /** Shown only when there is one to show (an edit of a message queued with Bcc). */
  bcc?: string;
  files?: AttachmentData[];
  /** The HTML part of an edited message: sent again only while the text is unchanged. */
  html?: string;
  /** Its last draft in Drafts: the first save replaces it. */
  draftId?: string;
  /** A refused send being edited: sending replaces it; the server's reason shows above the form. */
  edit?: { id: string; errorCode: string | null; errorDetail: string | null };
  /** Files from Files to attach ("Send by mail" in Files). */
  fromFiles?: FilesRef[];
}

function line(list: MailAddress[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

function prefix(subject: string, p: 'Re' | 'Fwd'): string {
  return new RegExp(`^${p}:`, 'i').test(subject) ? subject : `${p}: ${subject}`;
}

function quoted(m: MessageView): string {
  return `\n\n${m.from[0]?.name || m.from[0]?.address || ''}:\n${m.text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')}`;
}

export function replyTo(m: MessageView, all: boolean, me: string | null): ComposeInit {
  const others = (list: MailAddress[]) => list.filter((a) => a.address.toLowerCase() !== me?.toLowerCase());
  return {
    to: line(m.from),
    cc: all ? line(others([...m.to, ...m.cc])) : '',
    subject: prefix(m.subject, 'Re'),
    text: quoted(m),
    inReplyTo: m.id,
  };
}

export function forward(m: MessageView): ComposeInit {
  return { to: '', cc: '', subject: prefix(m.subject, 'Fwd'), text: quoted(m), forwardOf: m.id };
}

/** A refused send opened from the Outbox, exactly as it was queued. */
export function fromOutbox(c: OutboxContent): ComposeInit {
  return {
    to: line(c.to),
    cc: line(c.cc),
    subject: c.subject,
    text: c.text,
    ...(c.bcc.length ? { bcc: line(c.bcc) } : {}),
    files: c.attachments,
    ...(c.html !== null ? { html: c.html } : {}),
    ...(c.draftId !== null ? { draftId: c.draftId } : {}),
    edit: { id: c.id, errorCode: c.errorCode, errorDetail: c.errorDetail },
  };
}

/** Why the server refused the message being edited: stays above the form. */
function RefusedReason({ edit }: { edit: NonNullable<ComposeInit['edit']> }) {
  const { t } = useTranslation();
  return (
    <div role="note" className="mail-compose-refused" aria-label={t('mail.compose.refusedLabel')}>
      <strong>{t('mail.compose.refusedTitle')}</strong>
      <p>{t(errorKey(edit.errorCode ?? 'mail.send_refused'), errorKeyOptions)}</p>
      {edit.errorDetail ? (
        <p>
          {t('mail.compose.serverSaid')} <code>{edit.errorDetail}</code>
        </p>
      ) : null}
    </div>
  );
}

/** "Name <a@b>, c@d; …" → addresses; the core's schema says which one is wrong. */
export function parseAddressLine(text: string): MailAddress[] {
  return text
    .split(/[,;]\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^"?([^"<]*?)"?\s*<([^>]+)>$/.exec(part);
      return m ? { name: (m[1] ?? '').trim(), address: (m[2] ?? '').trim() } : { name: '', address: part };
    });
}

/** Suggestions for the address being typed (the text after the last comma). */
function Suggestions({ id, value }: { id: string; value: string }) {
  const typed = value.split(/[,;]/).at(-1)?.trim() ?? '';
  const q = useCall('mail', 'mail.addresses', { prefix: typed.length > 0 ? typed : '@', limit: 8 });
  const head = value.slice(0, value.length - (value.split(/[,;]/).at(-1)?.length ?? 0));
  return (
    <datalist id={id}>
      {(typed.length > 0 ? (q.data ?? []) : []).map((a) => (
        <option key={a.address} value={`${head}${head ? ' ' : ''}${a.name ? `${a.name} <${a.address}>` : a.address}`} />
      ))}
    </datalist>
  );
}

/** onDone: the Message-ID of what was sent (queued), or null when the user cancelled. */
export function Compose({ init, onDone }: { init: ComposeInit; onDone: (sentId: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const [fromFiles, setFromFiles] = useState<FilesRef[]>(init.fromFiles ?? []);
  const [picking, setPicking] = useState(false);
  const [f, setF] = useState(init);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: 'to' | 'cc' | 'bcc' | 'subject' | 'text') => (e: { target: { value: string } }) => {
    setF({ ...f, [k]: e.target.value });
    setDirty(true);
  };
  // Saved as a draft (locally in the outbox at once, then in the server's Drafts) a few seconds after typing stops.
  const [dirty, setDirty] = useState(false);
  const [files, setFiles] = useState<AttachmentData[]>(init.files ?? []);
  const addFiles = async (list: readonly File[]) => {
    const read = await Promise.all(
      list.map(async (file) => {
        const bytes = new Uint8Array(await file.arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { filename: file.name, contentType: file.type || 'application/octet-stream', contentBase64: btoa(bin) };
      }),
    );
    setFiles((prev) => [...prev, ...read]);
    setDirty(true);
  };
  const draftId = useRef<string | undefined>(init.draftId);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const fields = () => ({
    to: parseAddressLine(f.to),
    cc: parseAddressLine(f.cc),
    bcc: parseAddressLine(f.bcc ?? ''),
    subject: f.subject,
    text: f.text,
    // An HTML part no longer says what the edited text says: then the text goes alone.
    ...(init.html !== undefined && f.text === init.text ? { html: init.html } : {}),
    attachments: files,
    fromFiles: fromFiles.map((x) => ({ path: x.path })),
    ...(f.inReplyTo !== undefined ? { inReplyTo: f.inReplyTo } : {}),
    ...(f.forwardOf !== undefined ? { forwardOf: f.forwardOf } : {}),
    ...(init.edit ? { editOf: init.edit.id } : {}),
  });
  useEffect(() => {
    if (!dirty) return;
    const timer = setTimeout(() => {
      setDirty(false);
      saving.current = saving.current
        .then(() => api.call('mail.saveDraft', { ...fields(), ...(draftId.current ? { draftId: draftId.current } : {}) }))
        .then((r) => (draftId.current = r.messageId))
        .catch(() => undefined);
    }, 3000);
    return () => clearTimeout(timer);
  });
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await saving.current;
      const { messageId } = await api.call('mail.send', {
        ...fields(),
        ...(draftId.current ? { draftId: draftId.current } : {}),
      });
      onDone(messageId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="mail-compose"
      aria-label={t('mail.compose.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {init.edit ? <RefusedReason edit={init.edit} /> : null}
      <TextInput label={t('mail.compose.to')} value={f.to} onChange={set('to')} list="mail-to-suggestions" autoComplete="off" required={!f.cc.trim() && !f.bcc?.trim()} />
      <Suggestions id="mail-to-suggestions" value={f.to} />
      <TextInput label={t('mail.compose.cc')} value={f.cc} onChange={set('cc')} list="mail-cc-suggestions" autoComplete="off" />
      <Suggestions id="mail-cc-suggestions" value={f.cc} />
      {init.bcc !== undefined ? (
        <>
          <TextInput label={t('mail.compose.bcc')} value={f.bcc ?? ''} onChange={set('bcc')} list="mail-bcc-suggestions" autoComplete="off" />
          <Suggestions id="mail-bcc-suggestions" value={f.bcc ?? ''} />
        </>
      ) : null}
      <TextInput label={t('mail.compose.subject')} value={f.subject} onChange={set('subject')} />
      <Textarea label={t('mail.compose.body')} value={f.text} onChange={set('text')} autosize minRows={12} maxRows={30} />
      <Group gap="sm" align="flex-start">
        <FilePicker label={t('mail.compose.attach')} onFiles={(list) => void addFiles(list)} />
        <Button type="button" variant="light" leftSection={<Icon name="files" />} onClick={() => setPicking(true)}>
          {t('mail.compose.attachFromFiles')}
        </Button>
      </Group>
      {picking ? (
        <FolderPicker
          mode="file"
          title={t('files.picker.attachTitle')}
          confirmLabel={t('files.picker.attach')}
          refuseFile={(x) => (x.size > MAIL_ATTACHMENT_MAX_BYTES ? t('files.picker.tooLarge', { limit: formatSize(MAIL_ATTACHMENT_MAX_BYTES, i18n.language) }) : null)}
          onPick={(x) => {
            setFromFiles((prev) => (prev.some((p) => p.path === x.path) ? prev : [...prev, { path: x.path, name: x.name, size: x.size }]));
            setDirty(true);
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      ) : null}
      {fromFiles.length ? (
        <ul className="mail-attachments" aria-label={t('mail.compose.fromFiles')}>
          {fromFiles.map((x) => (
            <li key={x.path} data-path={x.path}>
              <Icon name="files" /> {x.name}
              {x.size !== null ? ` (${formatSize(x.size, i18n.language)})` : ''}{' '}
              <Button
                size="compact-xs"
                variant="subtle"
                color="govred"
                onClick={() => (setFromFiles(fromFiles.filter((y) => y.path !== x.path)), setDirty(true))}
                aria-label={`${t('mail.compose.remove')}: ${x.name}`}
              >
                {t('mail.compose.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {files.length ? (
        <ul className="mail-attachments" aria-label={t('mail.reader.attachments')}>
          {files.map((x, i) => (
            <li key={`${x.filename}:${i}`}>
              <Icon name="paperclip" /> {x.filename}{' '}
              <Button size="compact-xs" variant="subtle" color="govred" onClick={() => (setFiles(files.filter((_, j) => j !== i)), setDirty(true))} aria-label={`${t('mail.compose.remove')}: ${x.filename}`}>
                {t('mail.compose.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {f.forwardOf !== undefined ? <p className="muted">{t('mail.compose.forwardsFiles')}</p> : null}
      {error ? <ErrorNote error={error} /> : null}
      <Group gap="sm" className="mail-compose-actions">
        <Button type="submit" loading={busy} leftSection={<Icon name="send" />}>
          {t(init.edit ? 'mail.compose.sendEdited' : 'mail.compose.send')}
        </Button>
        <Button type="button" variant="default" onClick={() => onDone(null)}>
          {t('mail.compose.cancel')}
        </Button>
      </Group>
    </form>
  );
}

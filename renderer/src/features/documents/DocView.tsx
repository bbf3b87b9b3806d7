import { Anchor, Badge, Button, Group } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocActionInput, DocActionType, DocView as DocViewData } from '../../../../shared/documents';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatStamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { ActionForm } from './ActionForm';
import { Attachments, download } from './Attachments';
import { dayText, Deadline, Marks } from './DocRow';
import { OutboxEntry } from './DocOutbox';
import { groupUrges } from './group-urges';
import { StatusPackages } from './StatusPackages';

/** One key per action, pressed in the document (not in a text field). */
export const ACTION_KEYS: Partial<Record<DocActionType, string>> = {
  register: 'r',
  reject: 'x',
  submit: 't',
  assign: 'a',
  reassign: 'g',
  start: 's',
  comment: 'c',
  finish: 'f',
  urge: 'u',
  submit_review: 'v',
  return: 'b',
  approve: 'p',
  issue: 'i',
  send: 'n',
};

function Fields({ d }: { d: DocViewData }) {
  const { t, i18n } = useTranslation();
  const stamp = (iso: string | null) => (iso ? formatStamp(Date.parse(iso), i18n.language) : null);
  const rows: [string, string | null][] = [
    ['code', d.code || null],
    ['type', d.typeName],
    ['issuer', `${d.issuer} (${d.issuerOrganId})`],
    ['promulgation', d.promulgationDate ? [d.place, dayText(d.promulgationDate, i18n.language)].filter(Boolean).join(', ') : null],
    ['signer', d.signer ? [d.signer.competence, d.signer.position, d.signer.fullName].filter(Boolean).join(' ') : null],
    ['documentId', d.documentId],
    ['arrived', stamp(d.arrivedAt)],
    ['registration', d.registration ? t('documents.field.registrationValue', { number: d.registration.number, register: d.registration.register, year: d.registration.year, when: stamp(d.registration.registeredAt) }) : null],
    ['issue', d.issue ? t('documents.field.issueValue', { number: d.issue.number, year: d.issue.year, when: stamp(d.issue.issuedAt) }) : null],
    ['dueDate', d.dueDate ? dayText(d.dueDate, i18n.language) : null],
    ['submittedTo', d.submittedTo?.name ?? null],
    ['reviewer', d.reviewer?.name ?? null],
    ['drafter', d.drafter?.name ?? null],
    ['origin', t(`documents.origin.${d.origin}`)],
    ['recipients', d.recipients.length ? d.recipients.map((r) => `${r.name} (${t(`documents.role.assign.${r.role}`)})`).join('; ') : null],
  ];
  return (
    <dl className="doc-fields">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k} className="doc-field" data-field={k}>
            <dt>{t(`documents.field.${k}`)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function Timeline({ d }: { d: DocViewData }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="doc-timeline" aria-label={t('documents.view.timeline')}>
      {groupUrges(d.trace, (s) => s.action === 'urge').map(({ item: s, earlier }) => (
        <li key={s.seq} data-step={s.action} data-pending={s.pending ? 'true' : undefined} data-count={earlier.length ? earlier.length + 1 : undefined}>
          <time dateTime={s.at}>{formatStamp(Date.parse(s.at), i18n.language)}</time>{' '}
          <strong>{s.actor?.name ?? t('documents.view.system')}</strong> {t(`documents.step.${s.action}`, { defaultValue: s.action })}
          {earlier.length ? <Badge className="badge doc-urge-count" size="sm" variant="light" color="govred" ml={4}>{t('documents.view.urgedTimes', { count: earlier.length + 1 })}</Badge> : null}
          {s.fromState !== s.toState ? <span className="muted"> → {t(`documents.state.${s.toState}`)}</span> : null}
          {s.note ? <div className="doc-note">{s.note}</div> : null}
          {s.pending ? <Badge className="badge" size="sm" color="yellow" autoContrast ml={4}>{t('documents.list.pending')}</Badge> : null}
          <EarlierUrges earlier={earlier.map((e) => ({ key: String(e.seq), at: e.at, who: e.actor?.name ?? t('documents.view.system'), text: e.note }))} />
        </li>
      ))}
    </ol>
  );
}

/** The urges folded under the latest one: still all readable, one click away. */
function EarlierUrges({ earlier }: { earlier: { key: string; at: string; who: string; text: string | null }[] }) {
  const { t, i18n } = useTranslation();
  if (earlier.length === 0) return null;
  return (
    <details className="doc-urges-earlier">
      <summary>{t('documents.view.earlierUrges')}</summary>
      <ul>
        {earlier.map((e) => (
          <li key={e.key}>
            <time dateTime={e.at}>{formatStamp(Date.parse(e.at), i18n.language)}</time> <strong>{e.who}</strong>
            {e.text ? `: ${e.text}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Assignments({ d }: { d: DocViewData }) {
  const { t, i18n } = useTranslation();
  if (d.assignments.length === 0) return null;
  return (
    <ul className="doc-assignments">
      {d.assignments.map((a) => (
        <li key={a.id} data-role={a.role} data-state={a.state}>
          <strong>{t(`documents.role.assign.${a.role}`)}</strong>: {a.assignee.name}
          {a.deadline ? ` · ${t('documents.due.by', { date: dayText(a.deadline, i18n.language) })}` : ''} · <span className="muted">{t('documents.view.assignedBy', { name: a.assignedBy.name })}</span>
          {a.state === 'done' ? ` · ${t('documents.view.done')}` : ''}
        </li>
      ))}
    </ul>
  );
}

function Opinions({ d }: { d: DocViewData }) {
  const { t, i18n } = useTranslation();
  if (d.opinions.length === 0) return <p className="muted">{t('documents.view.noOpinions')}</p>;
  return (
    <ul className="doc-opinions">
      {groupUrges(d.opinions, (o) => o.kind === 'urge').map(({ item: o, earlier }) => (
        <li key={o.id} data-kind={o.kind} data-pending={o.pending ? 'true' : undefined} data-count={earlier.length ? earlier.length + 1 : undefined}>
          <div className="doc-opinion-head">
            <strong>{o.author.name}</strong> · {t(`documents.opinion.${o.kind}`)} · <time dateTime={o.at}>{formatStamp(Date.parse(o.at), i18n.language)}</time>
            {earlier.length ? <Badge className="badge doc-urge-count" size="sm" variant="light" color="govred" ml={4}>{t('documents.view.urgedTimes', { count: earlier.length + 1 })}</Badge> : null}
            {o.pending ? <Badge className="badge" size="sm" color="yellow" autoContrast ml={4}>{t('documents.list.pending')}</Badge> : null}
          </div>
          <p>{o.text}</p>
          <EarlierUrges earlier={earlier.map((e) => ({ key: e.id, at: e.at, who: e.author.name, text: e.text }))} />
        </li>
      ))}
    </ul>
  );
}

function ExportPackage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = () => {
    setBusy(true);
    setError(null);
    api.call('documents.exportPackage', { id }).then(
      (f) => {
        setBusy(false);
        const bin = atob(f.dataBase64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        download(f.name, f.contentType, bytes);
      },
      (err: unknown) => (setBusy(false), setError(err)),
    );
  };
  return (
    <>
      <Button size="compact-sm" variant="default" mt="xs" loading={busy} onClick={save} data-export-package>
        {t('documents.view.exportPackage')}
      </Button>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}

/** A document: every field, its files, what the user may do, the opinions and the processing history. */
export function DocView({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const q = useCall('documents', 'documents.open', { id });
  const [acting, setActing] = useState<DocActionType | null>(null);
  const [error, setError] = useState<unknown>(null);
  const root = useRef<HTMLElement>(null);
  const d = q.data;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!d || e.ctrlKey || e.metaKey || e.altKey || acting) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [contenteditable="true"], [role="combobox"]') || !root.current?.closest('.documents')?.contains(target) && target !== document.body)) return;
      const found = d.actions.find((a) => ACTION_KEYS[a] === e.key.toLowerCase());
      if (!found) return;
      e.preventDefault();
      setActing(found);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [d, acting]);

  if (q.error) return <ErrorNote error={q.error} />;
  if (!d) return <div aria-busy="true" />;
  const submit = (action: DocActionInput) =>
    api.call('documents.act', { id, action }).then(
      () => (setActing(null), setError(null)),
      (err: unknown) => setError(err),
    );
  return (
    <article ref={root} tabIndex={-1} className="doc-view" data-doc-id={d.id} data-state={d.state} aria-labelledby="doc-view-title">
      <header>
        <p className="doc-code">
          {d.code || t('documents.noNumber')} · {d.typeName}
        </p>
        <h2 id="doc-view-title">{d.subject}</h2>
        <Group gap="xs" className="doc-marks">
          <Marks doc={d} />
          <Deadline doc={d} />
          <span className="doc-state" data-state={d.state}>
            {t(`documents.state.${d.state}`)}
          </span>
          {d.pending ? <Badge className="badge" size="sm" color="yellow" autoContrast ml={4}>{t('documents.list.pending')}</Badge> : null}
        </Group>
      </header>
      {d.conflicts.length > 0 ? (
        <section className="doc-conflicts" aria-label={t('documents.view.conflicts')}>
          <h3>{t('documents.view.conflicts')}</h3>
          <ul>
            {d.conflicts.map((c) => (
              <OutboxEntry key={c.id} e={c} compact />
            ))}
          </ul>
        </section>
      ) : null}
      {d.actions.length > 0 ? (
        <section className="doc-actions" aria-label={t('documents.view.actions')}>
          <Group gap="xs">
            {d.actions.map((a) => (
              <Button
                key={a}
                size="xs"
                variant={acting === a ? 'filled' : 'light'}
                data-action={a}
                aria-keyshortcuts={ACTION_KEYS[a]?.toUpperCase()}
                title={t('documents.view.shortcut', { key: ACTION_KEYS[a]?.toUpperCase() ?? '' })}
                onClick={() => setActing(a)}
              >
                {t(`documents.action.${a}`)}
              </Button>
            ))}
          </Group>
          {error ? <ErrorNote error={error} /> : null}
          {acting ? <ActionForm key={acting} type={acting} onSubmit={submit} onCancel={() => setActing(null)} /> : null}
        </section>
      ) : null}
      {d.content ? <p className="doc-content">{d.content}</p> : null}
      <Fields d={d} />
      <h3>
        <Icon name="paperclip" /> {t('documents.view.files')}
      </h3>
      <Attachments doc={d} />
      {d.hasPackage ? <ExportPackage id={d.id} /> : null}
      <StatusPackages doc={d} />
      {d.related.length > 0 ? (
        <>
          <h3>{t('documents.view.related')}</h3>
          <ul className="doc-related">
            {d.related.map((r) => (
              <li key={`${r.relation}:${r.id}`}>
                {t(`documents.relation.${r.relation}`)}:{' '}
                <Anchor component="button" type="button" ta="left" onClick={() => onOpen(r.id)}>
                  {r.code} {r.subject}
                </Anchor>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('documents.view.assignments')}</h3>
      <Assignments d={d} />
      <h3>{t('documents.view.opinions')}</h3>
      <Opinions d={d} />
      <h3>{t('documents.view.timeline')}</h3>
      <Timeline d={d} />
      {d.packageWarnings.length > 0 ? (
        <details className="doc-warnings">
          <summary>{t('documents.view.packageWarnings')}</summary>
          <ul>
            {d.packageWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}

import { Badge, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocSummary } from '../../../../shared/documents';
import type { TextSegment } from '../../../../shared/mail';
import { formatDate } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { Highlighted } from '../mail/MessageList';

/** A Vietnam calendar day ('YYYY-MM-DD') in the app's date format. */
export function dayText(day: string, language: string): string {
  return formatDate(Date.parse(`${day}T12:00:00+07:00`), language);
}

/** Urgency and confidentiality as marks seen at a glance: hỏa tốc and thượng khẩn stand out. */
export function Marks({ doc }: { doc: Pick<DocSummary, 'urgency' | 'confidentiality'> }) {
  const { t } = useTranslation();
  return (
    <>
      {doc.urgency !== 'thuong' ? (
        <span className="doc-mark" data-urgency={doc.urgency}>
          {t(`documents.urgency.${doc.urgency}`)}
        </span>
      ) : null}
      {doc.confidentiality !== 'thuong' ? (
        <span className="doc-mark" data-confidentiality={doc.confidentiality}>
          <Icon name="lock" /> {t(`documents.confidentiality.${doc.confidentiality}`)}
        </span>
      ) : null}
    </>
  );
}

export function Deadline({ doc }: { doc: Pick<DocSummary, 'deadline' | 'due'> }) {
  const { t, i18n } = useTranslation();
  if (!doc.deadline) return null;
  return (
    <span className="doc-deadline" data-due={doc.due ?? 'later'}>
      {doc.due === 'overdue'
        ? t('documents.due.overdue', { date: dayText(doc.deadline, i18n.language) })
        : doc.due === 'today'
          ? t('documents.due.today')
          : t('documents.due.by', { date: dayText(doc.deadline, i18n.language) })}
    </span>
  );
}

export function DocRow({ doc, selected, onOpen, subject, snippet }: { doc: DocSummary; selected: boolean; onOpen: (id: string) => void; subject?: TextSegment[]; snippet?: TextSegment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <UnstyledButton
      className={`doc-row${doc.unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
      aria-current={selected}
      data-doc-id={doc.id}
      data-due={doc.due ?? undefined}
      data-urgency={doc.urgency}
      onClick={() => onOpen(doc.id)}
    >
      <span className="code">{doc.code || t('documents.noNumber')}</span>
      <span className="when">{dayText(doc.date, i18n.language)}</span>
      <span className="subject">
        {doc.attachments > 0 ? (
          <>
            <Icon name="paperclip" /> <VisuallyHidden>{t('documents.list.hasFiles')}</VisuallyHidden>
          </>
        ) : null}
        {subject ? <Highlighted segments={subject} /> : doc.subject}
      </span>
      <span className="meta">
        <span className="issuer">{doc.issuer}</span>
        <Marks doc={doc} />
        <Deadline doc={doc} />
        <span className="doc-state">{t(`documents.state.${doc.state}`)}</span>
        {doc.pending ? (
          <Badge className="badge" size="xs" color="yellow" autoContrast>
            {t('documents.list.pending')}
          </Badge>
        ) : null}
        {doc.refused ? (
          <Badge className="badge refused" size="xs" color="govred">
            {t('documents.list.refused')}
          </Badge>
        ) : null}
      </span>
      {snippet && snippet.length > 0 ? (
        <span className="snippet">
          <Highlighted segments={snippet} />
        </span>
      ) : null}
    </UnstyledButton>
  );
}

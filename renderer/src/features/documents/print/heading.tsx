import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../ui/format';

/** A day 'YYYY-MM-DD' (Vietnam's calendar) as the UI language writes it. */
export function useDay(): (day: string) => string {
  const { i18n } = useTranslation();
  return (day) => formatDate(Date.parse(`${day}T12:00:00+07:00`), i18n.language);
}

/**
 * The top of an agency's printed form (Decree 30, Appendix I): the agency's
 * name on the left, the national title and motto on the right, then the
 * form's title and its period.
 */
export function SheetHeading({ agency, title, from, to, children }: { agency: string; title: string; from: string; to: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const day = useDay();
  return (
    <header className="sheet-heading">
      <div className="sheet-heading-row">
        <div className="sheet-agency">
          <p className="sheet-agency-name">{agency}</p>
          <span className="sheet-rule" aria-hidden="true" />
        </div>
        <div className="sheet-nation">
          <p className="sheet-nation-name">{t('documents.print.nation')}</p>
          <p className="sheet-motto">{t('documents.print.motto')}</p>
          <span className="sheet-rule" aria-hidden="true" />
        </div>
      </div>
      <h2 className="sheet-title">{title}</h2>
      <p className="sheet-period">{t('documents.print.period', { from: day(from), to: day(to) })}</p>
      {children}
    </header>
  );
}

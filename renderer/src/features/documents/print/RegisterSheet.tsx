import { Table } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncomingRegister, RegisterRow } from '../../../../../shared/documents-print';
import { SheetHeading, useDay } from './heading';

const COLUMNS = ['arrivalDate', 'number', 'author', 'code', 'documentDate', 'subject', 'receivers', 'signed', 'notes'] as const;

/** Số đến as registers write it: two digits at least (Decree 30: "a leading zero below 10"). */
function arrivalNumber(n: number): string {
  return String(n).padStart(2, '0');
}

function Notes({ row }: { row: RegisterRow }) {
  const { t } = useTranslation();
  const n = row.notes;
  const parts = [
    n.urgency ? t(`documents.print.registerSheet.urgency.${n.urgency}`) : null,
    n.confidentiality ? t(`documents.print.registerSheet.confidentiality.${n.confidentiality}`) : null,
    n.lateRegistration ? t('documents.print.registerSheet.note.late') : null,
    n.takenBack ? t('documents.print.registerSheet.note.takenBack') : null,
  ].filter((p): p is string => p !== null);
  return <>{parts.join('; ')}</>;
}

/** The incoming register (sổ đăng ký văn bản đến) in the columns of Decree 30, Appendix IV, numbered (1)…(9). */
export function RegisterSheet({ data }: { data: IncomingRegister }) {
  const { t } = useTranslation();
  const day = useDay();
  const years = [...new Set(data.rows.map((r) => r.year))];
  const first = data.rows[0];
  const last = data.rows.at(-1);
  return (
    <div className="register-sheet" data-register={data.register ?? ''}>
      <SheetHeading agency={data.agency} title={t(data.secret ? 'documents.print.registerSheet.titleSecret' : 'documents.print.registerSheet.title')} from={data.from} to={data.to}>
        {first && last && years.length === 1 ? (
          <p className="sheet-numbers">
            {t('documents.print.registerSheet.year', { year: first.year })} · {t('documents.print.registerSheet.numbers', { first: arrivalNumber(first.number), last: arrivalNumber(last.number) })}
          </p>
        ) : null}
      </SheetHeading>
      <Table className="sheet-table register-table" withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c} scope="col" className={`col-${c}`}>
                {t(`documents.print.registerSheet.col.${c}`)}
              </Table.Th>
            ))}
          </Table.Tr>
          <Table.Tr className="col-numbers" aria-hidden="true">
            {COLUMNS.map((c, i) => (
              <Table.Th key={c}>({i + 1})</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={COLUMNS.length} className="sheet-empty">
                {t('documents.print.registerSheet.empty')}
              </Table.Td>
            </Table.Tr>
          ) : null}
          {data.rows.map((r, i) => (
            <Fragment key={r.id}>
              {years.length > 1 && (i === 0 || data.rows[i - 1]!.year !== r.year) ? (
                <Table.Tr className="year-row">
                  <Table.Th colSpan={COLUMNS.length} scope="rowgroup">
                    {t('documents.print.registerSheet.year', { year: r.year })}
                  </Table.Th>
                </Table.Tr>
              ) : null}
              <Table.Tr className="register-row" data-number={r.number} data-year={r.year}>
                <Table.Td className="col-arrivalDate">{day(r.arrivalDate)}</Table.Td>
                <Table.Td className="col-number">{arrivalNumber(r.number)}</Table.Td>
                <Table.Td className="col-author">{r.author}</Table.Td>
                <Table.Td className="col-code">{r.code}</Table.Td>
                <Table.Td className="col-documentDate">{r.documentDate ? day(r.documentDate) : ''}</Table.Td>
                <Table.Td className="col-subject">
                  <span className="doc-type">{r.typeName}</span> {r.subject}
                </Table.Td>
                <Table.Td className="col-receivers">
                  {r.receivers.map((x) => `${x.name} (${t(`documents.print.registerSheet.role.${x.role}`)})`).join('; ')}
                </Table.Td>
                <Table.Td className="col-signed" />
                <Table.Td className="col-notes">
                  <Notes row={r} />
                </Table.Td>
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
      <p className="sheet-foot">
        {t('documents.print.registerSheet.count', { count: data.rows.length })} · {t('documents.print.fromCache')}
      </p>
    </div>
  );
}

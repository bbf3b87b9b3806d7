import { Table } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessingCounts, ProcessingReport } from '../../../../../shared/documents-print';
import { formatClock, formatDate } from '../../../ui/format';
import { SheetHeading } from './heading';

function CountCells({ c }: { c: ProcessingCounts }) {
  return (
    <>
      <Table.Td className="num">{c.assigned}</Table.Td>
      <Table.Td className="num">{c.lead}</Table.Td>
      <Table.Td className="num">{c.onTime}</Table.Td>
      <Table.Td className="num">{c.late}</Table.Td>
      <Table.Td className="num">{c.notDone}</Table.Td>
      <Table.Td className="num">{c.overdue}</Table.Td>
    </>
  );
}

/** The report of processing by unit (báo cáo tình hình xử lý văn bản): per unit, then its people; totals at the foot. */
export function ReportSheet({ data }: { data: ProcessingReport }) {
  const { t, i18n } = useTranslation();
  const col = (k: string) => t(`documents.print.reportSheet.col.${k}`);
  return (
    <div className="report-sheet">
      <SheetHeading agency={data.agency} title={t('documents.print.reportSheet.title')} from={data.from} to={data.to}>
        <p className="sheet-numbers">
          {t('documents.print.reportSheet.scope', { count: data.documents, time: formatClock(data.asOf, i18n.language), date: formatDate(data.asOf, i18n.language) })}
        </p>
      </SheetHeading>
      <Table className="sheet-table report-table" withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th rowSpan={2} scope="col">
              {col('index')}
            </Table.Th>
            <Table.Th rowSpan={2} scope="col" className="col-unit">
              {col('unit')}
            </Table.Th>
            <Table.Th colSpan={2} scope="colgroup">
              {col('assigned')}
            </Table.Th>
            <Table.Th colSpan={2} scope="colgroup">
              {col('done')}
            </Table.Th>
            <Table.Th colSpan={2} scope="colgroup">
              {col('notDone')}
            </Table.Th>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="col">{col('assignedTotal')}</Table.Th>
            <Table.Th scope="col">{col('lead')}</Table.Th>
            <Table.Th scope="col">{col('onTime')}</Table.Th>
            <Table.Th scope="col">{col('late')}</Table.Th>
            <Table.Th scope="col">{col('notDoneTotal')}</Table.Th>
            <Table.Th scope="col">{col('overdue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.units.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={8} className="sheet-empty">
                {t('documents.print.reportSheet.empty')}
              </Table.Td>
            </Table.Tr>
          ) : null}
          {data.units.map((u, i) => (
            <Fragment key={u.id || '-'}>
              <Table.Tr className="unit-row" data-unit={u.id}>
                <Table.Td className="num">{i + 1}</Table.Td>
                <Table.Th scope="row" className="col-unit">
                  {u.name || t('documents.print.reportSheet.otherUnit')}
                </Table.Th>
                <CountCells c={u.counts} />
              </Table.Tr>
              {u.people.map((p) => (
                <Table.Tr key={p.username} className="person-row" data-person={p.username}>
                  <Table.Td />
                  <Table.Td className="col-unit person-name">– {p.name}</Table.Td>
                  <CountCells c={p.counts} />
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr className="totals-row">
            <Table.Td />
            <Table.Th scope="row" className="col-unit">
              {t('documents.print.reportSheet.totals')}
            </Table.Th>
            <CountCells c={data.totals} />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      <p className="sheet-foot">{t('documents.print.fromCache')}</p>
    </div>
  );
}

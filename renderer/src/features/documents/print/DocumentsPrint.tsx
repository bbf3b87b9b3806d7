import { Button, Group, SegmentedControl, Select } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PRINT_DAYS, PRINT_KINDS, type IncomingRegister, type PrintKind } from '../../../../../shared/documents-print';
import { api } from '../../../bridge';
import { useCall } from '../../../bridge/queries';
import { DateField } from '../../../ui/DateField';
import { ErrorNote } from '../../../ui/ErrorNote';
import { Icon } from '../../../ui/Icon';
import { PrintActions } from '../../../ui/PrintActions';
import { RegisterSheet } from './RegisterSheet';
import { ReportSheet } from './ReportSheet';
import './print.css';

/** Today in Vietnam, 'YYYY-MM-DD': registers and deadlines are kept on Vietnam's calendar. */
function vnToday(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function RegisterView({ from, to, register, onRegister }: { from: string; to: string; register: string | undefined; onRegister: (r: string) => void }) {
  const q = useCall('documents', 'documents.register', register ? { from, to, register } : { from, to });
  if (q.error) return <ErrorNote error={q.error} />;
  if (!q.data) return <div className="loading" aria-busy="true" />;
  return (
    <>
      <RegisterPicker data={q.data} onRegister={onRegister} />
      <div className="print-sheet doc-print-sheet">
        <RegisterSheet data={q.data} />
      </div>
    </>
  );
}

/** The ordinary register and the secret one are printed apart (Decree 30): a choice only when the period has both. */
function RegisterPicker({ data, onRegister }: { data: IncomingRegister; onRegister: (r: string) => void }) {
  const { t } = useTranslation();
  if (data.registers.length < 2) return null;
  return (
    <Select
      className="no-print doc-print-register"
      size="sm"
      label={t('documents.print.registerPick')}
      data={data.registers.map((r) => ({ value: r.name, label: `${t(r.secret ? 'documents.print.registerName.secret' : 'documents.print.registerName.ordinary', { name: r.name })} · ${r.count}` }))}
      value={data.register}
      onChange={(v) => (v ? onRegister(v) : undefined)}
      allowDeselect={false}
      w={320}
    />
  );
}

function ReportView({ from, to }: { from: string; to: string }) {
  const q = useCall('documents', 'documents.processingReport', { from, to });
  if (q.error) return <ErrorNote error={q.error} />;
  if (!q.data) return <div className="loading" aria-busy="true" />;
  return (
    <div className="print-sheet doc-print-sheet">
      <ReportSheet data={q.data} />
    </div>
  );
}

/**
 * The Documents section's printed outputs in place of its lists: a period
 * (from the first of this month to today unless changed), the incoming
 * register or the report of processing laid out as agencies print them, and
 * Export PDF / Print through the same path as the agency schedule.
 */
export function DocumentsPrint({ kind, onKind, onClose }: { kind: PrintKind; onKind: (k: PrintKind) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const today = vnToday();
  const [from, setFrom] = useState<string | null>(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState<string | null>(today);
  const [register, setRegister] = useState<string | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land on the printout they asked for, not back at the top of the page.
  useEffect(() => heading.current?.focus(), [kind]);
  const problem = from === null || to === null ? 'missingRange' : from > to ? 'badRange' : daysBetween(from, to) >= MAX_PRINT_DAYS ? 'tooLong' : null;
  return (
    <section className="doc-print" aria-labelledby="doc-print-title">
      <div className="no-print doc-print-bar">
        <h2 id="doc-print-title" ref={heading} tabIndex={-1} className="doc-print-title">
          {t(`documents.print.kind.${kind}`)}
        </h2>
        <Button variant="subtle" leftSection={<Icon name="close" />} onClick={onClose}>
          {t('documents.print.close')}
        </Button>
      </div>
      <Group className="no-print doc-print-controls" align="flex-end" gap="md" wrap="wrap">
        <SegmentedControl
          aria-label={t('documents.print.label')}
          data={PRINT_KINDS.map((k) => ({ value: k, label: t(`documents.print.kind.${k}`) }))}
          value={kind}
          onChange={(v) => onKind(v as PrintKind)}
        />
        <DateField label={t('documents.print.from')} value={from} onChange={setFrom} required />
        <DateField label={t('documents.print.to')} value={to} onChange={setTo} required />
      </Group>
      {problem === null && from !== null && to !== null ? (
        <>
          <PrintActions exportPdf={() => api.call('documents.exportPrintPdf', { kind, from, to })} printHint={t('documents.print.printHint')} />
          {kind === 'register' ? <RegisterView from={from} to={to} register={register} onRegister={setRegister} /> : <ReportView from={from} to={to} />}
        </>
      ) : (
        <p className="field-error no-print" role="alert">
          {t(`documents.print.${problem ?? 'badRange'}`, { days: MAX_PRINT_DAYS })}
        </p>
      )}
    </section>
  );
}

/** Who is offered the printed outputs: the clerk keeps the register; leaders and heads follow processing. */
export function canPrint(role: string | undefined): boolean {
  return role === 'clerk' || role === 'leader' || role === 'head';
}

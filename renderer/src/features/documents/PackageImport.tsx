// Open or drop an .edxml file in the Documents section to view it: the bytes
// go to the core (documents.readPackage), which reads them with the edXML
// reader; the package's fields and attachments are shown as read, or the
// reader's reason when it refuses the package. Viewing keeps nothing; the
// clerk may then register it (documents.registerPackage: into the documents
// outbox, then the document system's incoming register).
import { Alert, Button, FileButton, Group, Modal, Table, Text, Textarea } from '@mantine/core';
import { useRef, useState, type ComponentProps, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EDXML_IMPORT_MAX_BYTES, type EdxmlPreview, type RegisterPackageResult } from '../../../../shared/documents-import';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';
import { formatSize } from '../../ui/format';

type State = { phase: 'reading'; name: string } | { phase: 'read'; preview: EdxmlPreview; dataBase64: string | null } | { phase: 'failed'; name: string; error: unknown } | null;

function base64Of(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/** The button, the drop handlers for the section and the dialog that shows a package. */
export function usePackageImport(): { button: ReactNode; dropProps: { onDragOver: (e: DragEvent) => void; onDrop: (e: DragEvent) => void }; dialog: ReactNode } {
  const { t, i18n } = useTranslation();
  const reset = useRef<() => void>(null);
  const [state, setState] = useState<State>(null);
  const read = async (file: File) => {
    if (file.size > EDXML_IMPORT_MAX_BYTES) {
      setState({ phase: 'read', preview: { kind: 'refused', name: file.name, element: file.name, problem: 'too_large', detail: formatSize(file.size, i18n.language) }, dataBase64: null });
      return;
    }
    setState({ phase: 'reading', name: file.name });
    try {
      const dataBase64 = base64Of(new Uint8Array(await file.arrayBuffer()));
      setState({ phase: 'read', preview: await api.call('documents.readPackage', { name: file.name, dataBase64 }), dataBase64 });
    } catch (error) {
      setState({ phase: 'failed', name: file.name, error });
    }
  };
  // The library's file button: its hidden input never shows the browser's own words.
  const button = (
    <FileButton
      resetRef={reset}
      accept=".edxml,.xml,application/xml,text/xml"
      inputProps={{ 'data-testid': 'edxml-input' } as ComponentProps<'input'>}
      onChange={(file) => {
        reset.current?.();
        if (file) void read(file);
      }}
    >
      {(props) => (
        <Button {...props} size="xs" variant="subtle" leftSection={<Icon name="upload" />}>
          {t('documents.import.open')}
        </Button>
      )}
    </FileButton>
  );
  const dropProps = {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      void read(file);
    },
  };
  const title = state === null ? '' : state.phase === 'read' ? state.preview.name : state.name;
  const dialog = (
    <Modal opened={state !== null} onClose={() => setState(null)} title={t('documents.import.title', { name: title })} size="lg">
      {state?.phase === 'reading' ? <Text aria-busy="true">{t('documents.import.reading')}</Text> : null}
      {state?.phase === 'failed' ? <ErrorNote error={state.error} /> : null}
      {state?.phase === 'read' ? <PackagePreview preview={state.preview} /> : null}
      {state?.phase === 'read' && state.preview.kind === 'document' && state.dataBase64 ? (
        <RegisterPackage key={state.dataBase64.length + state.preview.documentId} name={state.preview.name} dataBase64={state.dataBase64} onOpenHeld={() => setState(null)} />
      ) : null}
    </Modal>
  );
  return { button, dropProps, dialog };
}

function PackagePreview({ preview }: { preview: EdxmlPreview }) {
  const { t, i18n } = useTranslation();
  if (preview.kind === 'refused') {
    return (
      <Alert role="alert" color="govred" variant="light" icon={<Icon name="warning" />} title={t('documents.import.refused')} data-problem={preview.problem}>
        <Text size="sm">{t(`documents.import.problem.${preview.problem}`, { defaultValue: preview.problem })}</Text>
        <Text size="sm" className="muted">
          {preview.element}: {preview.detail}
        </Text>
      </Alert>
    );
  }
  const rows: [string, ReactNode][] =
    preview.kind === 'status'
      ? [
          [t('documents.import.field.kind'), t('documents.import.status')],
          [t('documents.import.field.statusCode'), preview.statusCode],
          [t('documents.import.field.responseFor'), preview.responseFor],
          [t('documents.import.field.from'), preview.from.organName],
          [t('documents.import.field.timestamp'), preview.timestamp.replace('T', ' ')],
          [t('documents.import.field.description'), preview.description ?? ''],
        ]
      : [
          [t('documents.import.field.code'), preview.code],
          [t('documents.import.field.subject'), preview.subject],
          [t('documents.import.field.type'), preview.typeName],
          [t('documents.import.field.date'), [preview.place, preview.date].filter(Boolean).join(', ')],
          [t('documents.import.field.from'), preview.from.organName],
          [t('documents.import.field.to'), preview.to.map((o) => o.organName).join('; ')],
          [t('documents.import.field.signer'), [preview.signer.competence, preview.signer.position, preview.signer.fullName].filter(Boolean).join(' · ')],
          [t('documents.import.field.urgency'), preview.urgency ? t(`documents.urgency.${preview.urgency}`) : t('documents.import.unknownUrgency')],
          [t('documents.import.field.dueDate'), preview.dueDate ?? ''],
          [t('documents.import.field.documentId'), preview.documentId],
          [t('documents.import.field.responseFor'), preview.responseFor ?? ''],
          [t('documents.import.field.signed'), preview.signed ? t('documents.import.yes') : t('documents.import.no')],
          [t('documents.import.field.content'), preview.content ?? ''],
        ];
  return (
    <div className="doc-import" data-kind={preview.kind}>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {rows
            .filter(([, v]) => v !== '')
            .map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th scope="row">{k}</Table.Th>
                <Table.Td>{v}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {preview.kind === 'document' ? (
        <>
          <Text fw={600} mt="sm">
            {t('documents.import.attachments', { count: preview.attachments.length })}
          </Text>
          <ul aria-label={t('documents.import.attachments', { count: preview.attachments.length })}>
            {preview.attachments.map((a, i) => (
              <li key={i}>
                {a.name} <span className="muted">· {formatSize(a.size, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.warnings.length > 0 ? (
        <Alert color="yellow" variant="light" title={t('documents.import.warnings', { count: preview.warnings.length })} mt="sm">
          <ul>
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {t(`documents.import.warning.${w.problem}`, { defaultValue: w.problem })}: {w.element} {w.detail}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}

/** For the clerk: register the package shown (Vào sổ), with an optional note; what came of it stays in the dialog. */
function RegisterPackage({ name, dataBase64, onOpenHeld }: { name: string; dataBase64: string; onOpenHeld: () => void }) {
  const { t } = useTranslation();
  const overview = useCall('documents', 'documents.overview', {});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RegisterPackageResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const role = overview.data?.me?.role;
  if (role !== 'clerk') {
    return (
      <Text size="sm" className="muted" mt="sm">
        {t('documents.import.notRegistered')}
      </Text>
    );
  }
  const register = () => {
    setBusy(true);
    setError(null);
    api.call('documents.registerPackage', { name, dataBase64, ...(note.trim() ? { note: note.trim() } : {}) }).then(
      (r) => (setBusy(false), setResult(r)),
      (err: unknown) => (setBusy(false), setError(err)),
    );
  };
  if (result?.kind === 'queued') {
    return (
      <Alert color="green" variant="light" mt="sm" role="status" icon={<Icon name="check" />} data-register-result="queued">
        {t('documents.import.queued')}
      </Alert>
    );
  }
  if (result?.kind === 'duplicate') {
    const held = result.held;
    return (
      <Alert color="yellow" variant="light" mt="sm" role="alert" icon={<Icon name="warning" />} data-register-result="duplicate">
        <Text size="sm">
          {held
            ? t('documents.import.duplicateHeld', {
                code: held.code || held.subject,
                issuer: held.issuer,
                where: held.registrationNumber !== null ? t('documents.import.heldNumber', { number: held.registrationNumber }) : t('documents.import.heldState', { state: t(`documents.state.${held.state}`) }),
              })
            : t('documents.import.duplicateWaiting')}
        </Text>
        {held ? (
          <Button
            size="compact-sm"
            variant="light"
            mt="xs"
            onClick={() => {
              onOpenHeld();
              window.location.hash = `#/documents?open=${encodeURIComponent(held.id)}`;
            }}
          >
            {t('documents.import.openHeld')}
          </Button>
        ) : null}
      </Alert>
    );
  }
  return (
    <div className="doc-import-register">
      <Textarea label={t('documents.import.registerNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={1} maxRows={4} mt="sm" maxLength={2000} />
      <Group mt="sm">
        <Button onClick={register} loading={busy} leftSection={<Icon name="check" />} data-register-package>
          {t('documents.import.register')}
        </Button>
      </Group>
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

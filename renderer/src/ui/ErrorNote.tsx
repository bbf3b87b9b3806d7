import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CallError } from '../bridge';
import { errorKey, errorKeyOptions } from '../i18n';
import { Icon } from './Icon';

/** A failure as the user sees it: what happened and what to do, the detail folded away. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const shape = error instanceof CallError ? error.shape : null;
  const code = shape?.code ?? 'internal';
  return (
    <Alert role="alert" className="error-note" data-code={code} color="govred" variant="light" title={t('errors.title')} icon={<Icon name="warning" />}>
      <p>{t(errorKey(code), errorKeyOptions)}</p>
      {shape?.issues?.length ? (
        <ul>
          {shape.issues.map((i) => (
            <li key={i.path}>{t('errors.field', { field: i.path, message: i.message })}</li>
          ))}
        </ul>
      ) : null}
      {shape?.detail ? (
        <details>
          <summary>{t('errors.details')}</summary>
          <code>{shape.detail}</code>
        </details>
      ) : null}
    </Alert>
  );
}

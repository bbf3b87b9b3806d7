import { useTranslation } from 'react-i18next';
import { CallError } from '../bridge';
import { errorKey, errorKeyOptions } from '../i18n';

/** A failure as the user sees it: what happened and what to do, the detail folded away. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const shape = error instanceof CallError ? error.shape : null;
  const code = shape?.code ?? 'internal';
  return (
    <div role="alert" className="error-note" data-code={code}>
      <strong>{t('errors.title')}</strong>
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
    </div>
  );
}

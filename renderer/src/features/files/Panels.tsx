// The Files section's side panels: uploads being handed to the core, the
// queue waiting for the server, and the conflicts the user resolves.
import { Button, Group, Progress, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DownloadView, FileConflictView, TransferView } from '../../../../shared/files';
import type { ErrorCode } from '../../../../shared/errors';
import { api, CallError } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatStamp, formatSize } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { NameRefused, type UploadItem } from './uploads';

export function UploadsPanel({ items, onCancel }: { items: UploadItem[]; onCancel: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  if (!items.length) return null;
  const total = items.filter((i) => i.state !== 'cancelled' && i.state !== 'failed').reduce((n, i) => n + i.size, 0);
  const done = items.filter((i) => i.state !== 'cancelled' && i.state !== 'failed').reduce((n, i) => n + i.sent, 0);
  return (
    <section className="files-panel uploads" aria-label={t('files.uploading')}>
      <h2>{t('files.uploading')}</h2>
      <Progress value={total ? (done / total) * 100 : 100} aria-label={t('files.uploadTotal', { done: formatSize(done, i18n.language), total: formatSize(total, i18n.language) })} />
      <Text size="xs">{t('files.uploadTotal', { done: formatSize(done, i18n.language), total: formatSize(total, i18n.language) })}</Text>
      <ul>
        {items.map((u) => (
          <li key={u.key} data-state={u.state} className="upload-item">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" truncate>
                {u.name}
              </Text>
              {u.state === 'waiting' || u.state === 'reading' ? (
                <Button size="compact-xs" variant="subtle" onClick={() => onCancel(u.key)} aria-label={`${t('files.cancelUpload')}: ${u.name}`}>
                  {t('files.cancel')}
                </Button>
              ) : null}
            </Group>
            <Progress size="sm" value={u.size ? (u.sent / u.size) * 100 : u.state === 'queued' ? 100 : 0} aria-label={u.name} />
            {u.error instanceof NameRefused ? <Text size="xs" c="red" role="alert">{t(`files.nameProblem.${u.error.problem}`)}</Text> : u.error ? <ErrorNote error={u.error} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TransfersPanel() {
  const { t, i18n } = useTranslation();
  const list = useCall('transfers', 'files.transfers', {});
  const retry = useMutation({ mutationFn: (id: string) => api.call('files.retryTransfer', { id }) });
  const discard = useMutation({ mutationFn: (id: string) => api.call('files.cancelTransfer', { id }) });
  if (!list.data?.length) return null;
  return (
    <section className="files-panel transfers" aria-label={t('files.transfers')}>
      <h2>{t('files.transfers')}</h2>
      <ul>
        {list.data.map((x: TransferView) => (
          <li key={x.id} data-state={x.state} className="transfer-item">
            <Text size="sm">
              {t(`files.transferKind.${x.kind}`)}: <span className="path">{x.to ?? x.path}</span> — {t(`files.transferState.${x.state}`)}
            </Text>
            {x.kind === 'upload' && x.total > 0 ? (
              <Progress size="sm" value={(x.sent / x.total) * 100} aria-label={`${formatSize(x.sent, i18n.language)} / ${formatSize(x.total, i18n.language)}`} />
            ) : null}
            {x.state === 'refused' && x.error ? (
              <>
                <ErrorNote error={new CallError({ code: x.error.code as ErrorCode, messageKey: `errors.${x.error.code}`, detail: x.error.detail })} />
                <Group gap="xs">
                  <Button size="compact-xs" onClick={() => retry.mutate(x.id)}>
                    {t('files.retry')}
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={() => discard.mutate(x.id)}>
                    {t('files.discard')}
                  </Button>
                </Group>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {retry.error ? <ErrorNote error={retry.error} /> : null}
      {discard.error ? <ErrorNote error={discard.error} /> : null}
    </section>
  );
}

export function ConflictsPanel() {
  const { t, i18n } = useTranslation();
  const list = useCall('files', 'files.conflicts', {});
  const resolve = useMutation({ mutationFn: (p: { id?: string; keep: 'mine' | 'theirs' | 'both' }) => api.call('files.resolveConflict', p) });
  if (!list.data?.length) return null;
  const when = (ms: number | null) => (ms ? formatStamp(ms, i18n.language) : '');
  return (
    <section className="files-panel conflicts" aria-label={t('files.conflicts.title', { count: list.data.length })}>
      <h2>
        <Icon name="conflict" /> {t('files.conflicts.title', { count: list.data.length })}
      </h2>
      <p>{t('files.conflicts.intro')}</p>
      {list.data.length > 1 ? (
        <Group gap="xs" className="resolve-all">
          <Button size="compact-sm" variant="light" onClick={() => resolve.mutate({ keep: 'mine' })} disabled={resolve.isPending}>
            {t('files.conflicts.allMine')}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => resolve.mutate({ keep: 'theirs' })} disabled={resolve.isPending}>
            {t('files.conflicts.allTheirs')}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => resolve.mutate({ keep: 'both' })} disabled={resolve.isPending}>
            {t('files.conflicts.allBoth')}
          </Button>
        </Group>
      ) : null}
      <ul>
        {list.data.map((c: FileConflictView) => (
          <li key={c.id} className="conflict-item" data-path={c.path}>
            <Text size="sm" fw={600} className="path">
              {c.path}
            </Text>
            <Text size="xs">{t('files.conflicts.mine', { size: formatSize(c.mine.size, i18n.language), when: when(c.mine.modified) })}</Text>
            <Text size="xs">{c.theirs ? t('files.conflicts.theirs', { size: formatSize(c.theirs.size, i18n.language), when: when(c.theirs.modified) }) : t('files.conflicts.deletedThere')}</Text>
            <Group gap="xs">
              <Button size="compact-sm" onClick={() => resolve.mutate({ id: c.id, keep: 'mine' })} disabled={resolve.isPending}>
                {t('files.conflicts.keepMine')}
              </Button>
              <Button size="compact-sm" variant="light" onClick={() => resolve.mutate({ id: c.id, keep: 'theirs' })} disabled={resolve.isPending}>
                {t('files.conflicts.keepTheirs')}
              </Button>
              <Button size="compact-sm" variant="light" onClick={() => resolve.mutate({ id: c.id, keep: 'both' })} disabled={resolve.isPending}>
                {t('files.conflicts.keepBoth')}
              </Button>
            </Group>
          </li>
        ))}
      </ul>
      {resolve.error ? <ErrorNote error={resolve.error} /> : null}
    </section>
  );
}

/** Downloads to this computer: progress, cancel, where each was saved. */
export function DownloadsPanel() {
  const { t, i18n } = useTranslation();
  const list = useCall('transfers', 'files.downloads', {});
  const act = useMutation({
    mutationFn: async ({ id, what }: { id: string; what: 'cancel' | 'dismiss' | 'show' }): Promise<void> => {
      if (what === 'cancel') await api.call('files.cancelDownload', { id });
      else if (what === 'dismiss') await api.call('files.dismissDownload', { id });
      else await api.call('files.showDownload', { id });
    },
  });
  if (!list.data?.length) return null;
  return (
    <section className="files-panel downloads" aria-label={t('files.downloads')}>
      <h2>
        <Icon name="download" /> {t('files.downloads')}
      </h2>
      <ul>
        {list.data.map((d: DownloadView) => {
          const name = /^\d+$/.test(d.name) ? t('files.downloadSeveral', { count: Number(d.name) }) : d.name;
          return (
            <li key={d.id} data-state={d.state} className="download-item">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" truncate>
                  {name} — {t(`files.downloadState.${d.state}`)}
                </Text>
                <Group gap="xs" wrap="nowrap">
                  {d.state === 'running' ? (
                    <Button size="compact-xs" variant="subtle" onClick={() => act.mutate({ id: d.id, what: 'cancel' })} aria-label={`${t('files.cancel')}: ${name}`}>
                      {t('files.cancel')}
                    </Button>
                  ) : (
                    <>
                      {d.state === 'done' ? (
                        <Button size="compact-xs" variant="light" onClick={() => act.mutate({ id: d.id, what: 'show' })}>
                          {t('files.showInFolder')}
                        </Button>
                      ) : null}
                      <Button size="compact-xs" variant="subtle" onClick={() => act.mutate({ id: d.id, what: 'dismiss' })} aria-label={`${t('files.dismiss')}: ${name}`}>
                        {t('files.dismiss')}
                      </Button>
                    </>
                  )}
                </Group>
              </Group>
              <Progress size="sm" value={d.total ? (d.done / d.total) * 100 : d.state === 'done' ? 100 : 0} aria-label={name} />
              <Text size="xs">
                {t('files.downloadProgress', { done: formatSize(d.done, i18n.language), total: formatSize(d.total, i18n.language), files: d.filesDone, count: d.files })}
              </Text>
              <Text size="xs" className="path">
                {t('files.savedTo', { path: d.target })}
              </Text>
              {d.error ? <ErrorNote error={new CallError({ code: d.error.code as ErrorCode, messageKey: `errors.${d.error.code}`, detail: d.error.detail })} /> : null}
            </li>
          );
        })}
      </ul>
      {act.error ? <ErrorNote error={act.error} /> : null}
    </section>
  );
}

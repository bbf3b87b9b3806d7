import { Alert, Anchor, Breadcrumbs, Button, Group, Modal, NavLink, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { filesLink, type FileEntry, type FileRoot, type FileSortKey } from '../../../../shared/files';
import { fileNameProblem } from '../../../../shared/file-names';
import { MAIL_ATTACHMENT_MAX_BYTES } from '../../../../shared/mail';
import { api, CallError } from '../../bridge';
import { errorKey, errorKeyOptions } from '../../i18n';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { FilePicker } from '../../ui/FilePicker';
import { formatStamp } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { FileList, type FileAction } from './FileList';
import { FolderPicker } from './FolderPicker';
import { ConflictsPanel, DownloadsPanel, TransfersPanel, UploadsPanel } from './Panels';
import { useUploads } from './uploads';
import './files.css';

type Dialog =
  | { kind: 'mkdir' }
  | { kind: 'rename'; entry: FileEntry }
  | { kind: 'move' | 'copy'; entry: FileEntry }
  | { kind: 'delete'; entry: FileEntry }
  | null;

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/** The crumbs from the root that holds the folder: the root by its name, then each folder. */
function crumbsOf(path: string, roots: FileRoot[]): Array<{ path: string; label: string }> {
  const root = roots.find((r) => path === r.path || path.startsWith(`${r.path}/`));
  if (!root) return [{ path, label: path }];
  const rest = path.slice(root.path.length).split('/').filter(Boolean);
  return [{ path: root.path, label: root.name }, ...rest.map((name, i) => ({ path: `${root.path}/${rest.slice(0, i + 1).join('/')}`, label: name }))];
}

export function FilesPage() {
  const { t, i18n } = useTranslation();
  const roots = useCall('files', 'files.roots', {});
  // A govdesk:// link opens here with its path in the hash (#/files?path=…): its folder, or the file's.
  const [path, setPath] = useState<string | null>(() => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('path'));
  const [sort, setSort] = useState<FileSortKey>('name');
  const [descending, setDescending] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const home = roots.data?.[0]?.path ?? null;
  const folder = path ?? home;

  useEffect(() => {
    if (path === null && home) setPath(home);
  }, [path, home]);

  const listing = useCall('files', 'files.list', { path: folder ?? 'home', sort, descending });
  const uploads = useUploads(folder ?? '');
  // The core answers a file's folder when asked for a file (a link to it).
  const listedPath = listing.data?.path;
  useEffect(() => {
    if (listedPath && folder && listedPath !== folder) setPath(listedPath);
  }, [listedPath, folder]);
  const action = useMutation({
    mutationFn: async ({ a, e }: { a: FileAction; e: FileEntry }) => {
      switch (a) {
        case 'open': {
          const r = await api.call('files.open', { path: e.path });
          setNotice(r.lockedByOther ? t('files.lockedByOther') : t('files.opened', { name: e.name }));
          return;
        }
        case 'doneEditing':
          await api.call('files.doneEditing', { path: e.path });
          return;
        case 'link': {
          const link = filesLink(e.path);
          // The clipboard may be refused (a browser's permission): the link shows as text either way.
          await navigator.clipboard?.writeText(link).catch(() => undefined);
          setNotice(t('files.linkCopied', { link }));
          return;
        }
        case 'download': {
          const r = await api.call('files.download', { paths: [e.path] });
          // The host saves without asking: it says where.
          if (r.target && !r.asked) setNotice(t('files.savedInFolder', { path: r.target }));
          return;
        }
        case 'sendByMail':
          // Larger than a mail carries: said here, with what to do instead, before Mail opens.
          if (e.size > MAIL_ATTACHMENT_MAX_BYTES) throw new CallError({ code: 'mail.attachment_too_large', messageKey: 'errors.mail.attachment_too_large', detail: `${e.size} bytes` });
          // Compose opens in Mail with the file attached by the core (never downloaded by hand first).
          window.location.hash = `#/mail?attach=${encodeURIComponent(e.path)}`;
          return;
        case 'keep':
        case 'free':
          await api.call('files.keep', { path: e.path, keep: a === 'keep' });
          return;
        default:
          setDialog({ kind: a, entry: e } as Dialog);
      }
    },
  });

  if (roots.error) return <ErrorNote error={roots.error} />;
  const list = listing.data;
  const onSort = (key: FileSortKey) => {
    if (key === sort) setDescending(!descending);
    else {
      setSort(key);
      setDescending(false);
    }
  };
  const activate = (e: FileEntry) => {
    if (e.isDir) setPath(e.path);
    else action.mutate({ a: 'open', e });
  };
  const isRoot = (p: string) => roots.data?.some((r) => r.path === p) ?? false;

  return (
    <section className="page files-page" data-page="files">
      <nav className="files-roots" aria-label={t('files.roots')}>
        {(roots.data ?? [])
          .filter((r) => r.accessible)
          .map((r) => (
          <NavLink
            key={r.id}
            component="button"
            label={r.kind === 'home' ? t('files.home') : r.name}
            leftSection={<Icon name={r.kind === 'home' ? 'files' : 'folderPlus'} />}
            active={folder === r.path || (folder?.startsWith(`${r.path}/`) ?? false)}
            onClick={() => setPath(r.path)}
          />
        ))}
      </nav>
      <div className="files-main">
        <PageTitle>{t('files.title')}</PageTitle>
        <Group justify="space-between" wrap="wrap" className="files-bar">
          <nav aria-label={t('files.breadcrumbs')}>
          <Breadcrumbs separator="›">
            {crumbsOf(folder ?? '', roots.data ?? []).map((c, i, all) =>
              i === all.length - 1 ? (
                <Text key={c.path} aria-current="page" fw={600}>
                  {c.label}
                </Text>
              ) : (
                <Anchor key={c.path} component="button" type="button" onClick={() => setPath(c.path)}>
                  {c.label}
                </Anchor>
              ),
            )}
          </Breadcrumbs>
          </nav>
          <Group gap="xs">
            {list?.listedAt ? (
              <Text size="xs">
                {t('files.listedAt', { when: formatStamp(list.listedAt, i18n.language) })}
              </Text>
            ) : null}
            <Button size="xs" variant="subtle" leftSection={<Icon name="retry" />} onClick={() => folder && void api.call('files.refresh', { path: folder }).catch(() => undefined)}>
              {t('files.refresh')}
            </Button>
            <Button size="xs" variant="light" leftSection={<Icon name="folderPlus" />} onClick={() => setDialog({ kind: 'mkdir' })} disabled={!folder || list?.forbidden}>
              {t('files.newFolder')}
            </Button>
            {folder && !isRoot(folder) ? (
              <Button
                size="xs"
                variant="light"
                leftSection={<Icon name="device" />}
                onClick={() => void api.call('files.keep', { path: folder, keep: !list?.kept })}
              >
                {list?.kept ? t('files.free') : t('files.keep')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {notice ? (
          <Alert variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
            {notice}
          </Alert>
        ) : null}
        {action.error ? <ErrorNote error={action.error} /> : null}
        <ConflictsPanel />
        {list?.forbidden ? (
          <Alert color="govred" variant="light" role="alert" data-code="files.forbidden">
            {t('files.forbidden')}
          </Alert>
        ) : list && list.listedAt === null && list.entries.length === 0 ? (
          <Text c="dimmed">{t('files.notListed')}</Text>
        ) : list && list.entries.length === 0 ? (
          <Text c="dimmed">{t('files.empty')}</Text>
        ) : list ? (
          <FileList
            entries={list.entries}
            sort={sort}
            descending={descending}
            onSort={onSort}
            onActivate={activate}
            onAction={(a, e) => action.mutate({ a, e })}
            onUp={() => folder && !isRoot(folder) && setPath(parentOf(folder))}
          />
        ) : listing.error ? (
          <ErrorNote error={listing.error} />
        ) : (
          <Text c="dimmed" aria-busy="true">
            {t('files.loading')}
          </Text>
        )}
        {folder && !list?.forbidden ? <FilePicker label={t('files.upload')} onFiles={(files) => void uploads.start(files)} /> : null}
        <UploadsPanel items={uploads.items} onCancel={uploads.cancel} />
        <DownloadsPanel />
        <TransfersPanel />
      </div>
      {dialog && folder ? <FileDialog dialog={dialog} folder={folder} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

function FileDialog({ dialog, folder, onClose }: { dialog: NonNullable<Dialog>; folder: string; onClose: () => void }) {
  if (dialog.kind === 'move' || dialog.kind === 'copy') return <MoveCopyPicker kind={dialog.kind} entry={dialog.entry} onClose={onClose} />;
  return <NameDialog dialog={dialog} folder={folder} onClose={onClose} />;
}

/** Move… and Copy…: the folder picker, the item's own folder and the folders inside it refused with the reason. */
function MoveCopyPicker({ kind, entry, onClose }: { kind: 'move' | 'copy'; entry: FileEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const from = parentOf(entry.path);
  return (
    <FolderPicker
      mode="folder"
      title={t(kind === 'move' ? 'files.picker.moveTitle' : 'files.picker.copyTitle', { name: entry.name })}
      confirmLabel={t(kind === 'move' ? 'files.picker.moveHere' : 'files.picker.copyHere')}
      initial={from}
      refuse={(to) =>
        to === entry.path || to.startsWith(`${entry.path}/`) ? t(errorKey('files.invalid_target'), errorKeyOptions) : kind === 'move' && to === from ? t('files.picker.sameFolder') : null
      }
      onPick={async (toFolder) => {
        await api.call(kind === 'move' ? 'files.move' : 'files.copy', { path: entry.path, toFolder });
        onClose();
      }}
      onClose={onClose}
    />
  );
}

function NameDialog({ dialog, folder, onClose }: { dialog: NonNullable<Dialog>; folder: string; onClose: () => void }) {
  const { t } = useTranslation();
  const initial = dialog.kind === 'rename' ? dialog.entry.name : '';
  const [value, setValue] = useState(initial);
  const problem = dialog.kind === 'mkdir' || dialog.kind === 'rename' ? fileNameProblem(value) : null;
  const run = useMutation({
    mutationFn: async () => {
      if (dialog.kind === 'mkdir') await api.call('files.mkdir', { folder, name: value });
      else if (dialog.kind === 'rename') await api.call('files.rename', { path: dialog.entry.path, name: value });
      else if (dialog.kind === 'delete') await api.call('files.delete', { path: dialog.entry.path });
    },
    onSuccess: onClose,
  });
  const title = dialog.kind === 'mkdir' ? t('files.newFolder') : dialog.kind === 'rename' ? t('files.rename') : t('files.delete');
  return (
    <Modal opened onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) run.mutate();
        }}
      >
        {dialog.kind === 'delete' ? (
          <Text>{t(dialog.entry.isDir ? 'files.confirmDeleteFolder' : 'files.confirmDelete', { name: dialog.entry.name })}</Text>
        ) : (
          <TextInput
            label={t('files.name')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={problem && value !== '' ? t(`files.nameProblem.${problem}`) : undefined}
            data-autofocus
          />
        )}
        {run.error ? <ErrorNote error={run.error} /> : null}
        <Group justify="flex-end" mt="md">
          <Button variant="subtle" onClick={onClose}>
            {t('files.cancel')}
          </Button>
          <Button type="submit" color={dialog.kind === 'delete' ? 'govred' : undefined} disabled={Boolean(problem) || run.isPending}>
            {dialog.kind === 'delete' ? t('files.delete') : t('files.save')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}

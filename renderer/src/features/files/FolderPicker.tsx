// The folder picker of Files (Move…, Copy…) and, in file mode, the file
// picker of "Attach from Files" in Compose. A tree of the user's home and the
// department folders, each folder's children read from the cache when it is
// first opened (files.subfolders lists a folder from the server once if it
// was never listed). Keyboard: the tree's own arrows (up and down move, right
// and left open and close), the focused folder is the chosen one, Enter
// confirms.
import { Button, Group, Loader, Modal, NavLink, ScrollArea, Text, Tree, mergeAsyncChildren, useTree, type TreeNodeData } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubfolderListing } from '../../../../shared/files';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatSize } from '../../ui/format';
import { Icon } from '../../ui/Icon';

export interface PickedFile {
  path: string;
  name: string;
  size: number;
  mime: string | null;
}

interface Common {
  title: string;
  confirmLabel: string;
  /** The folder chosen when the picker opens (its root is opened down to it). */
  initial?: string | null;
  onClose: () => void;
}

type Props =
  | (Common & {
      mode: 'folder';
      /** Why a folder cannot be chosen (the item itself, a folder inside it), or null. */
      refuse?: (path: string) => string | null;
      onPick: (folder: string) => Promise<unknown> | void;
    })
  | (Common & {
      mode: 'file';
      /** Why a file cannot be chosen (larger than a mail carries), or null. */
      refuseFile?: (f: PickedFile) => string | null;
      onPick: (file: PickedFile) => Promise<unknown> | void;
    });

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function FolderPicker(props: Props) {
  const { t, i18n } = useTranslation();
  const roots = useCall('files', 'files.roots', {});
  const [data, setData] = useState<TreeNodeData[]>([]);
  const [listings, setListings] = useState<Record<string, SubfolderListing>>({});
  const [chosenFile, setChosenFile] = useState<PickedFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (path: string): Promise<SubfolderListing> => {
    const listing = await api.call('files.subfolders', { path, files: props.mode === 'file' });
    setListings((all) => ({ ...all, [path]: listing }));
    setData((d) => mergeAsyncChildren(d, path, listing.folders.map((f) => ({ value: f.path, label: f.name, hasChildren: true }))));
    return listing;
  };

  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  // The folders above the initial one stay open until the user closes one. The
  // Tree recomputes its expanded state after each data change from the state
  // of the render that changed the data; when a load lands before that effect
  // has run, the recomputed state would close the folders just opened.
  const keepOpen = useRef(new Set<string>());
  const tree = useTree({
    initialSelectedState: props.initial ? [props.initial] : [],
    expandedState: expanded,
    onExpandedStateChange: (next) => {
      const held = [...keepOpen.current].filter((p) => p in next);
      setExpanded(held.length ? { ...next, ...Object.fromEntries(held.map((p) => [p, true])) } : next);
    },
    onNodeCollapse: (path) => keepOpen.current.delete(path),
    onLoadChildren: async (path) => {
      await load(path);
    },
  });

  const accessible = useMemo(() => (roots.data ?? []).filter((r) => r.accessible), [roots.data]);
  useEffect(() => {
    if (!accessible.length) return;
    // The roots are read again after any change in Files: a root keeps the children already loaded under it.
    setData((d) => {
      const loaded = new Map(d.map((n) => [n.value, n.children]));
      return accessible.map((r) => ({ value: r.path, label: r.kind === 'home' ? t('files.home') : r.name, hasChildren: true, children: loaded.get(r.path) }));
    });
  }, [accessible, t]);

  // Opened on the folder the user is in: every folder above it is expanded (each loads its children).
  useEffect(() => {
    if (!props.initial || !data.length) return;
    const root = accessible.find((r) => props.initial === r.path || props.initial?.startsWith(`${r.path}/`));
    if (!root) return;
    const chain = ancestors(props.initial).filter((p) => p.length >= root.path.length);
    void (async () => {
      for (const p of chain) await tree.loadNode(p).catch(() => undefined);
      for (const p of chain) keepOpen.current.add(p);
      setExpanded((e) => ({ ...e, ...Object.fromEntries(chain.map((p) => [p, true])) }));
    })();
    // Only once the roots are drawn.
  }, [data.length > 0]);

  const folder = tree.selectedState[0] ?? null;
  const listing = folder ? listings[folder] : undefined;
  useEffect(() => {
    setChosenFile(null);
    // File mode shows the chosen folder's files: its listing is read when it is chosen.
    if (props.mode === 'file' && folder && !listings[folder]) void load(folder).catch(setError);
  }, [folder]);

  const refusal = props.mode === 'folder' && folder ? (props.refuse?.(folder) ?? null) : null;
  const canConfirm = props.mode === 'folder' ? folder !== null && refusal === null : chosenFile !== null && (props.refuseFile?.(chosenFile) ?? null) === null;

  const confirm = async () => {
    if (!canConfirm || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (props.mode === 'folder') await props.onPick(folder as string);
      else await props.onPick(chosenFile as PickedFile);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  // The focused folder is the chosen one, so the keyboard alone picks.
  const onFocus = (e: FocusEvent<HTMLUListElement>) => {
    const value = (e.target as HTMLElement).closest<HTMLElement>('[role=treeitem]')?.dataset.value;
    if (value && value !== folder) tree.select(value);
  };
  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key === 'Enter' && props.mode === 'folder') {
      e.preventDefault();
      void confirm();
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={props.title} size="lg" data-testid="folder-picker">
      <Text size="xs" c="dimmed" id="folder-picker-keys">
        {t('files.picker.keys')}
      </Text>
      <ScrollArea.Autosize mah="45vh" type="auto" className="folder-picker-tree">
        {roots.error ? <ErrorNote error={roots.error} /> : null}
        {!data.length ? <Loader size="sm" aria-label={t('files.picker.loading')} /> : null}
        <Tree
          data={data}
          tree={tree}
          selectOnClick
          levelOffset="md"
          aria-label={t('files.picker.tree')}
          aria-describedby="folder-picker-keys"
          onFocus={onFocus}
          onKeyDown={onKey}
          renderNode={({ node, expanded, hasChildren, elementProps, selected, isLoading }) => (
            <Group gap={6} wrap="nowrap" {...elementProps} className={`${elementProps.className} folder-picker-node`} data-chosen={selected || undefined}>
              <Icon name={expanded && hasChildren ? 'folderOpen' : 'folder'} />
              <span>{node.label}</span>
              {isLoading ? <Loader size={12} /> : null}
            </Group>
          )}
        />
      </ScrollArea.Autosize>
      {listing?.forbidden ? (
        <Text size="sm" c="govred" role="status">
          {t('files.picker.forbidden')}
        </Text>
      ) : listing && listing.listedAt === null ? (
        <Text size="sm" c="dimmed" role="status">
          {t('files.picker.notListed')}
        </Text>
      ) : null}
      {props.mode === 'file' && folder ? (
        <section aria-label={t('files.picker.files')} className="folder-picker-files">
          <Text size="sm" fw={600}>
            {t('files.picker.files')}
          </Text>
          {!listing ? (
            <Loader size="sm" aria-label={t('files.picker.loading')} />
          ) : listing.files.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('files.picker.noFiles')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah="25vh" type="auto">
              {listing.files.map((f) => {
                const why = props.refuseFile?.(f) ?? null;
                return (
                  <NavLink
                    key={f.path}
                    component="button"
                    type="button"
                    label={f.name}
                    description={why ? `${formatSize(f.size, i18n.language)} · ${why}` : formatSize(f.size, i18n.language)}
                    leftSection={<Icon name="file" />}
                    active={chosenFile?.path === f.path}
                    disabled={why !== null}
                    onClick={() => setChosenFile(f)}
                    onDoubleClick={() => why === null && void props.onPick(f)}
                  />
                );
              })}
            </ScrollArea.Autosize>
          )}
        </section>
      ) : null}
      <Text size="sm" mt="sm" role="status" aria-live="polite">
        {folder ? t('files.picker.chosen', { path: chosenFile?.path ?? folder }) : t('files.picker.none')}
      </Text>
      {refusal ? (
        <Text size="sm" c="govred">
          {refusal}
        </Text>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
      <Group justify="flex-end" mt="md">
        <Button variant="subtle" onClick={props.onClose}>
          {t('files.cancel')}
        </Button>
        <Button onClick={() => void confirm()} disabled={!canConfirm} loading={busy}>
          {props.confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}

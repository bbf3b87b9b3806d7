import { Badge, NavLink } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MailFolder, SpecialUse } from '../../../../shared/mail';
import { Icon, type IconName } from '../../ui/Icon';
import { folderTree, type FolderNode } from './folders';

const SPECIAL_ICONS: Partial<Record<SpecialUse, IconName>> = {
  inbox: 'inbox',
  drafts: 'edit',
  sent: 'send',
  archive: 'archive',
  junk: 'warning',
  trash: 'trash',
  flagged: 'flag',
};

/** The account's folders as the server nests them; the one shown is marked current. */
export function FolderTree({ folders, current, onSelect }: { folders: readonly MailFolder[]; current: number | null; onSelect: (id: number) => void }) {
  return <FolderList nodes={folderTree(folders)} current={current} onSelect={onSelect} depth={0} />;
}

function FolderList({ nodes, current, onSelect, depth }: { nodes: FolderNode[]; current: number | null; onSelect: (id: number) => void; depth: number }) {
  const { t } = useTranslation();
  return (
    <ul className={depth === 0 ? 'folder-tree' : 'folder-children'}>
      {nodes.map((n) => {
        const f = n.folder;
        const label = f?.specialUse ? t(`mail.folders.${f.specialUse}`) : n.name;
        return (
          <li key={n.path}>
            {f ? (
              <NavLink
                component="button"
                type="button"
                className="folder"
                active={f.id === current}
                aria-current={f.id === current}
                onClick={() => onSelect(f.id)}
                title={n.path}
                leftSection={<Icon name={(f.specialUse && SPECIAL_ICONS[f.specialUse]) || 'folder'} />}
                label={label}
                rightSection={
                  f.unread > 0 ? (
                    <Badge className="count" size="sm" circle={f.unread < 10} aria-label={t('mail.folders.unread', { count: f.unread })}>
                      {f.unread}
                    </Badge>
                  ) : null
                }
              />
            ) : (
              <span className="folder folder-group">
                <Icon name="folder" />
                <span className="folder-name">{label}</span>
              </span>
            )}
            {n.children.length ? <FolderList nodes={n.children} current={current} onSelect={onSelect} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

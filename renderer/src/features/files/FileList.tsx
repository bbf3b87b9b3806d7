import { ActionIcon, Badge, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry, FileSortKey } from '../../../../shared/files';
import { formatListWhen, formatSize } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { fold, KIND_ICON, kindOf } from './kinds';

export type FileAction = 'open' | 'doneEditing' | 'download' | 'sendByMail' | 'rename' | 'move' | 'copy' | 'delete' | 'keep' | 'free' | 'link';

const ROW_PX = 40;
/** Keys typed closer together than this make one type-ahead search. */
const TYPEAHEAD_MS = 800;

interface Props {
  entries: FileEntry[];
  sort: FileSortKey;
  descending: boolean;
  onSort: (key: FileSortKey) => void;
  onActivate: (e: FileEntry) => void;
  onAction: (a: FileAction, e: FileEntry) => void;
  onUp: () => void;
}

/**
 * A folder's entries, virtualized (only the rows in view are in the page, so
 * 10,000 entries scroll as lightly as 10), sortable by column. The keyboard
 * moves a current row (arrows, Home, End, Page Up/Down), Enter opens it,
 * Backspace goes up a folder, and typing letters jumps to the first name
 * that starts with them (marks ignored: "bao" finds "Báo cáo").
 */
export function FileList({ entries, sort, descending, onSort, onActivate, onAction, onUp }: Props) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState(0);
  const typed = useRef({ text: '', at: 0 });
  const virtual = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 12 });

  useEffect(() => setCurrent((c) => Math.min(c, Math.max(0, entries.length - 1))), [entries.length]);

  const go = (i: number) => {
    const n = Math.max(0, Math.min(entries.length - 1, i));
    setCurrent(n);
    virtual.scrollToIndex(n, { align: 'auto' });
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_PX) - 1);
    const entry = entries[current];
    switch (e.key) {
      case 'ArrowDown':
        go(current + 1);
        break;
      case 'ArrowUp':
        go(current - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(entries.length - 1);
        break;
      case 'PageDown':
        go(current + page);
        break;
      case 'PageUp':
        go(current - page);
        break;
      case 'Enter':
        if (entry) onActivate(entry);
        break;
      case 'Backspace':
        onUp();
        break;
      case 'Delete':
        if (entry) onAction('delete', entry);
        break;
      case 'F2':
        if (entry) onAction('rename', entry);
        break;
      default: {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        const now = e.timeStamp;
        typed.current = { text: (now - typed.current.at < TYPEAHEAD_MS ? typed.current.text : '') + fold(e.key), at: now };
        const want = typed.current.text;
        const from = want.length === 1 ? current + 1 : current;
        const order = [...entries.keys()].map((k) => (k + from) % Math.max(1, entries.length));
        const hit = order.find((k) => fold(entries[k]?.name ?? '').startsWith(want));
        if (hit !== undefined) go(hit);
        else return;
      }
    }
    e.preventDefault();
  };

  const columns: Array<{ key: FileSortKey; label: string; className: string }> = [
    { key: 'name', label: t('files.col.name'), className: 'col-name' },
    { key: 'size', label: t('files.col.size'), className: 'col-size' },
    { key: 'modified', label: t('files.col.modified'), className: 'col-modified' },
    { key: 'type', label: t('files.col.type'), className: 'col-type' },
  ];
  const activeId = entries[current] ? `file-row-${current}` : undefined;

  return (
    <div
      className="file-list"
      role="grid"
      aria-label={t('files.list')}
      aria-rowcount={entries.length + 1}
      aria-activedescendant={activeId}
      aria-description={t('files.typeahead')}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="file-grid"
    >
      <div className="file-head" role="row" aria-rowindex={1}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={c.className} aria-sort={sort === c.key ? (descending ? 'descending' : 'ascending') : 'none'}>
            <UnstyledButton className="sort-button" onClick={() => onSort(c.key)} aria-label={t('files.sortBy', { column: c.label })}>
              {c.label}
              {sort === c.key ? <Icon name={descending ? 'sortDown' : 'sortUp'} size="0.9em" /> : null}
            </UnstyledButton>
          </div>
        ))}
        <div role="columnheader" className="col-actions">
          <VisuallyHidden>{t('files.actions')}</VisuallyHidden>
        </div>
      </div>
      <div ref={scroller} className="file-scroll" role="rowgroup" data-testid="file-scroll">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const e = entries[v.index] as FileEntry;
            const kind = kindOf(e);
            return (
              <div
                key={e.path}
                id={`file-row-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={v.index === current}
                className={`file-row${v.index === current ? ' is-current' : ''}`}
                data-path={e.path}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_PX, transform: `translateY(${v.start}px)` }}
                onClick={() => setCurrent(v.index)}
                onDoubleClick={() => onActivate(e)}
              >
                <div role="gridcell" className="col-name">
                  <Icon name={KIND_ICON[kind]} />
                  <UnstyledButton className="file-name" tabIndex={-1} onClick={() => onActivate(e)}>
                    {e.name}
                  </UnstyledButton>
                  {e.state !== 'synced' ? (
                    <Badge size="xs" variant="light" color={e.state === 'conflict' ? 'govred' : 'gray'}>
                      {t(`files.state.${e.state}`)}
                    </Badge>
                  ) : null}
                  {e.kept ? (
                    <span className="kept" title={t('files.state.kept')}>
                      <Icon name="device" />
                      <VisuallyHidden>{t('files.state.kept')}</VisuallyHidden>
                    </span>
                  ) : null}
                </div>
                <div role="gridcell" className="col-size">
                  {e.isDir ? '' : formatSize(e.size, i18n.language)}
                </div>
                <div role="gridcell" className="col-modified">
                  {e.modified ? formatListWhen(e.modified, i18n.language) : ''}
                </div>
                <div role="gridcell" className="col-type">
                  {t(`files.kind.${kind}`)}
                </div>
                <div role="gridcell" className="col-actions">
                  <RowMenu entry={e} onAction={onAction} />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RowMenu({ entry, onAction }: { entry: FileEntry; onAction: (a: FileAction, e: FileEntry) => void }) {
  const { t } = useTranslation();
  const item = (a: FileAction, icon: Parameters<typeof Icon>[0]['name'], label: string) => (
    <Menu.Item leftSection={<Icon name={icon} />} onClick={() => onAction(a, entry)}>
      {label}
    </Menu.Item>
  );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" tabIndex={-1} aria-label={`${t('files.actions')}: ${entry.name}`}>
          <Icon name="more" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {entry.isDir ? null : item('open', 'file', t('files.open'))}
        {entry.isDir ? null : item('doneEditing', 'check', t('files.doneEditing'))}
        {item('download', 'download', t('files.download'))}
        {entry.isDir ? null : item('sendByMail', 'mailForward', t('files.sendByMail'))}
        {item('rename', 'rename', t('files.rename'))}
        {item('move', 'move', t('files.move'))}
        {item('copy', 'copy', t('files.copy'))}
        {entry.kept ? item('free', 'device', t('files.free')) : item('keep', 'device', t('files.keep'))}
        {item('link', 'paperclip', t('files.copyLink'))}
        <Menu.Divider />
        {item('delete', 'trash', t('files.delete'))}
      </Menu.Dropdown>
    </Menu>
  );
}

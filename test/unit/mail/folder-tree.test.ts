// Mail's folder tree: nested folders under their parents, whatever the server's delimiter.
import { describe, expect, it } from 'vitest';
import { folderTree } from '../../../renderer/src/features/mail/folders';
import type { MailFolder } from '../../../shared/mail';

const folder = (id: number, path: string, name: string, specialUse: MailFolder['specialUse'] = null): MailFolder => ({
  id, path, name, specialUse, unread: 0, total: 0, serverCount: 0, complete: true,
});

describe('folderTree', () => {
  it('nests "Dự án/IOC" under "Dự án", special folders first', () => {
    const tree = folderTree([folder(3, 'Dự án/IOC', 'IOC'), folder(1, 'Trash', 'Trash', 'trash'), folder(2, 'Dự án', 'Dự án'), folder(0, 'INBOX', 'INBOX', 'inbox')]);
    expect(tree.map((n) => n.path)).toEqual(['INBOX', 'Trash', 'Dự án']);
    expect(tree[2]!.children.map((n) => [n.name, n.folder?.id])).toEqual([['IOC', 3]]);
  });

  it('keeps a parent the server did not list as a group without mail, with a dot delimiter too', () => {
    const tree = folderTree([folder(5, 'Dự án.IOC.2026', '2026')]);
    expect(tree.map((n) => [n.name, n.folder])).toEqual([['Dự án', null]]);
    expect(tree[0]!.children[0]!.name).toBe('IOC');
    expect(tree[0]!.children[0]!.children[0]!.folder?.id).toBe(5);
  });
});

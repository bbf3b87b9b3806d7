import type { MailFolder } from '../../../../shared/mail';

export interface FolderNode {
  /** Null for a parent the server did not list (it holds folders but no mail of its own). */
  folder: MailFolder | null;
  name: string;
  path: string;
  children: FolderNode[];
}

/**
 * The folders as the server nests them ("Dự án/IOC" under "Dự án"). A
 * folder's path ends with its own name after the server's delimiter, so the
 * parent's path is what comes before that: no delimiter needed from the core.
 * Special folders come first in a fixed order, the rest by name.
 */
export function folderTree(folders: readonly MailFolder[]): FolderNode[] {
  const nodes = new Map<string, FolderNode>();
  const roots: FolderNode[] = [];
  const nodeFor = (path: string, name: string, folder: MailFolder | null): FolderNode => {
    const existing = nodes.get(path);
    if (existing) {
      if (folder) existing.folder = folder;
      return existing;
    }
    const node: FolderNode = { folder, name, path, children: [] };
    nodes.set(path, node);
    const cut = path.length - name.length - 1;
    const parentPath = cut > 0 && path.endsWith(name) ? path.slice(0, cut) : null;
    if (parentPath === null) roots.push(node);
    else {
      const delimiter = path.charAt(cut);
      const parentName = parentPath.slice(parentPath.lastIndexOf(delimiter) + 1);
      nodeFor(parentPath, parentName, null).children.push(node);
    }
    return node;
  };
  for (const f of folders) nodeFor(f.path, f.name, f);
  const order = ['inbox', 'drafts', 'sent', 'archive', 'flagged', 'all', 'junk', 'trash'];
  const rank = (n: FolderNode) => {
    const i = n.folder?.specialUse ? order.indexOf(n.folder.specialUse) : -1;
    return i === -1 ? order.length : i;
  };
  const sort = (list: FolderNode[]): FolderNode[] => {
    list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi'));
    for (const n of list) sort(n.children);
    return list;
  };
  return sort(roots);
}

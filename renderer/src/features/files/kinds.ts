// What a file is, from its name (and the server's content type): its icon
// and the "type" column. Folders first, always.
import type { FileEntry } from '../../../../shared/files';
import type { IconName } from '../../ui/Icon';

export type FileKind = 'folder' | 'pdf' | 'doc' | 'sheet' | 'slides' | 'image' | 'archive' | 'text' | 'other';

const BY_EXT: Record<string, FileKind> = {
  pdf: 'pdf',
  doc: 'doc',
  docx: 'doc',
  odt: 'doc',
  rtf: 'doc',
  xls: 'sheet',
  xlsx: 'sheet',
  ods: 'sheet',
  csv: 'sheet',
  ppt: 'slides',
  pptx: 'slides',
  odp: 'slides',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  svg: 'image',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
  gz: 'archive',
  txt: 'text',
  md: 'text',
  xml: 'text',
};

export function kindOf(e: Pick<FileEntry, 'isDir' | 'name' | 'mime'>): FileKind {
  if (e.isDir) return 'folder';
  const dot = e.name.lastIndexOf('.');
  const byExt = dot > 0 ? BY_EXT[e.name.slice(dot + 1).toLowerCase()] : undefined;
  if (byExt) return byExt;
  if (e.mime?.startsWith('image/')) return 'image';
  if (e.mime?.startsWith('text/')) return 'text';
  return 'other';
}

export const KIND_ICON: Record<FileKind, IconName> = {
  folder: 'files',
  pdf: 'filePdf',
  doc: 'fileDoc',
  sheet: 'fileSheet',
  slides: 'fileSlides',
  image: 'fileImage',
  archive: 'fileArchive',
  text: 'documents',
  other: 'file',
};

/** Letters without their marks, lower case: type-ahead finds "Báo cáo" from "bao". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

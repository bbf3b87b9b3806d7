// A package file read whole, its size checked on the open file first, so an
// oversized package is refused before a byte of it is read (the edxml
// command and the reference service's intake folder both read this way).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { EdxmlError } from './xml';

export function readPackageFile(file: string, max: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > max) throw new EdxmlError('(document)', 'too_large', `${size} bytes, the limit is ${max}`);
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

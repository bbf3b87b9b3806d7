/**
 * edXML packages for IT staff and anyone holding one:
 *   npm run edxml -- check FILE...
 * prints per file `ok {main fields as JSON}` or `refused FILE: reason`;
 * exits 1 when any file was refused, 2 on wrong usage.
 */
import { readPackage } from '../electron/core/documents/edxml/read.ts';
import { readPackageFile } from '../electron/core/documents/edxml/read-file.ts';
import { packageSummary } from '../electron/core/documents/edxml/summary.ts';
import { DEFAULT_MAX_PACKAGE_BYTES, EdxmlError } from '../electron/core/documents/edxml/xml.ts';

const USAGE = 'usage: npm run edxml -- check FILE...   (GOVDESK_EDXML_MAX_BYTES sets the size limit)';


function main(argv: string[]): number {
  const [command, ...files] = argv;
  if (command !== 'check' || files.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const max = Number(process.env.GOVDESK_EDXML_MAX_BYTES ?? DEFAULT_MAX_PACKAGE_BYTES);
  let refused = 0;
  for (const file of files) {
    try {
      const read = readPackage(readPackageFile(file, max), { maxBytes: max });
      console.log(`ok ${JSON.stringify({ file, ...packageSummary(read) })}`);
    } catch (err) {
      refused++;
      const reason = err instanceof EdxmlError ? `${err.element}: ${err.problem}: ${err.detail}` : err instanceof Error ? err.message : String(err);
      console.log(`refused ${file}: ${reason}`);
    }
  }
  return refused ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

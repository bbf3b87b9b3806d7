// Drops a file onto a part of the page the way a file manager does: a drag
// over, then a drop carrying the file in a DataTransfer made in the page.
import type { Locator } from '@playwright/test';

export async function dropFile(target: Locator, name: string, bytes: Buffer, type = 'application/xml'): Promise<void> {
  const dataTransfer = await target.page().evaluateHandle(
    ({ b64, fileName, mime }) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName: name, mime: type },
  );
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

// PDF attachments drawn in the app with pdf.js under the app's CSP: the
// worker is a file of the app (bundled by Vite from pdfjs-dist, served from
// 'self'), eval is never used (isEvalSupported: false), and pages are drawn
// only when they scroll into view. The text layer makes the text selectable.
import { Button, Group } from '@mantine/core';
import { getDocument, GlobalWorkerOptions, TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../ui/ErrorNote';
import { Icon } from '../../ui/Icon';

let workerReady = false;
function ensureWorker(): void {
  if (workerReady) return;
  GlobalWorkerOptions.workerPort = new Worker(new URL('pdfjs-dist/build/pdf.worker.min.mjs', import.meta.url), { type: 'module' });
  workerReady = true;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

function Page({ pdf, number, scale }: { pdf: PDFDocumentProxy; number: number; scale: number }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);

  useEffect(() => {
    let live = true;
    void pdf.getPage(number).then((page) => {
      const vp = page.getViewport({ scale });
      if (live) setSize({ w: vp.width, h: vp.height });
    });
    return () => {
      live = false;
    };
  }, [pdf, number, scale]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // The viewer's own scroll box is the root: a page is drawn when it nears the box's view.
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), { root: el.closest('.pdf-pages'), rootMargin: '600px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    let cleanup: (() => void) | null = null;
    void pdf.getPage(number).then(async (page) => {
      if (cancelled || !canvas.current || !text.current) return;
      const vp = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      const c = canvas.current;
      c.width = Math.floor(vp.width * ratio);
      c.height = Math.floor(vp.height * ratio);
      c.style.width = `${vp.width}px`;
      c.style.height = `${vp.height}px`;
      const task = page.render({ canvas: c, viewport: vp, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
      const layer = text.current;
      layer.replaceChildren();
      layer.style.setProperty('--scale-factor', String(scale));
      layer.style.setProperty('--total-scale-factor', String(scale));
      const tl = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport: vp });
      cleanup = () => {
        task.cancel();
        tl.cancel();
      };
      try {
        await Promise.all([task.promise, tl.render()]);
      } catch {
        // Cancelled by a zoom or by scrolling away: the next render replaces it.
      }
    });
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [pdf, number, scale, visible]);

  return (
    <div ref={box} className="pdf-page" data-page-number={number} style={size ? { width: size.w, height: size.h } : { minHeight: 400 }}>
      <canvas ref={canvas} aria-hidden="true" />
      <div ref={text} className="textLayer" />
    </div>
  );
}

export default function PdfViewer({ name, data, onClose }: { name: string; data: Uint8Array; onClose: () => void }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [zoom, setZoom] = useState(2);
  const section = useRef<HTMLElement>(null);
  // Brought into view inside the document's panel only (scrollIntoView would move the whole shell).
  useEffect(() => {
    const el = section.current;
    const panel = el?.closest<HTMLElement>('.doc-right');
    if (el && panel) panel.scrollTop += el.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8;
  }, []);

  useEffect(() => {
    ensureWorker();
    // pdf.js takes ownership of the buffer: hand it a copy, the caller may print the original.
    const task = getDocument({ data: data.slice(), isEvalSupported: false, enableXfa: false });
    let live = true;
    task.promise.then(
      (doc) => (live ? setPdf(doc) : void doc.destroy()),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
      void task.destroy();
    };
  }, [data]);

  // Printing goes through the browser's own PDF view in a hidden frame (frame-src blob: in the CSP).
  const print = () => {
    const url = URL.createObjectURL(new Blob([data as BlobPart], { type: 'application/pdf' }));
    const frame = document.createElement('iframe');
    frame.className = 'pdf-print-frame';
    frame.src = url;
    frame.onload = () => frame.contentWindow?.print();
    document.body.appendChild(frame);
    setTimeout(() => (frame.remove(), URL.revokeObjectURL(url)), 120_000);
  };

  const scale = ZOOMS[zoom]!;
  return (
    <section ref={section} className="pdf-viewer" aria-label={t('documents.pdf.label', { name })}>
      <Group gap="xs" className="pdf-toolbar">
        <strong className="pdf-name">{name}</strong>
        <span className="muted">{pdf ? t('documents.pdf.pages', { count: pdf.numPages }) : ''}</span>
        <Button size="compact-sm" variant="default" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label={t('documents.pdf.zoomOut')}>
          −
        </Button>
        <span aria-live="polite">{Math.round(scale * 100)}%</span>
        <Button size="compact-sm" variant="default" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1} aria-label={t('documents.pdf.zoomIn')}>
          +
        </Button>
        <Button size="compact-sm" variant="default" leftSection={<Icon name="print" />} onClick={print}>
          {t('documents.pdf.print')}
        </Button>
        <Button size="compact-sm" variant="subtle" leftSection={<Icon name="close" />} onClick={onClose}>
          {t('documents.pdf.close')}
        </Button>
      </Group>
      {error ? <ErrorNote error={error} /> : null}
      <div className="pdf-pages" data-pdf-ready={pdf ? 'true' : 'false'}>
        {pdf ? Array.from({ length: pdf.numPages }, (_, i) => <Page key={`${i + 1}:${scale}`} pdf={pdf} number={i + 1} scale={scale} />) : <div aria-busy="true" />}
      </div>
    </section>
  );
}

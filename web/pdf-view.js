// Shows a PDF inside the page, under the strict CSP: PDF.js (Mozilla, served from /vendor/pdfjs)
// draws each page onto a canvas as wide as its container; no plug-in, no frame, no eval. Used to
// show the form before the citizen signs it and the document before an official's PIN signs it.
'use strict';

(() => {
  const { el } = window.MotCua;
  let library;

  async function pdfjs() {
    if (!library) {
      library = import('/vendor/pdfjs/pdf.min.mjs').then((lib) => {
        lib.GlobalWorkerOptions.workerSrc = '/vendor/pdfjs/pdf.worker.min.mjs';
        return lib;
      });
    }
    return library;
  }

  /**
   * Renders every page of `bytes` (ArrayBuffer) into `container`, replacing what it held; `label`
   * names the document for screen readers ("Tờ khai, trang 1/2"). Resolves with the page count.
   */
  async function showPdf(container, bytes, label) {
    const lib = await pdfjs();
    const doc = await lib.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false })
      .promise;
    container.replaceChildren();
    const width = Math.max(280, container.clientWidth || 600);
    const ratio = window.devicePixelRatio || 1;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width / base.width) * ratio });
      const canvas = el('canvas', null, 'pdf-page');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${label}, trang ${n}/${doc.numPages}`);
      container.append(canvas);
      await page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas }).promise;
    }
    const pages = doc.numPages;
    await doc.destroy();
    return pages;
  }

  window.MotCua.showPdf = showPdf;
})();

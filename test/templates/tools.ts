/**
 * Paths of the PDF tools the template tests run. Until `scripts/provision.ts` lands, the system
 * poppler and qpdf; then switch the body of `tools` to `return ensureValidators();`.
 */
export interface PdfTools {
  pdftotext: string;
  pdftoppm: string;
  pdfsig: string;
  qpdf: string;
}

export async function tools(): Promise<PdfTools> {
  return {
    pdftotext: '/usr/bin/pdftotext',
    pdftoppm: '/usr/bin/pdftoppm',
    pdfsig: '/usr/bin/pdfsig',
    qpdf: '/usr/bin/qpdf',
  };
}

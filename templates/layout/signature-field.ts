/**
 * Empty (unsigned) signature fields, made with pdf-lib's low-level objects since its form API
 * cannot create them: one dictionary that is both the AcroForm field (`/FT /Sig`, `/T`) and its
 * widget annotation (`/Subtype /Widget`, `/Rect`, `/P`, `/F 4` = print), listed in the page's
 * `/Annots` and in the catalog's `/AcroForm /Fields`. `/SigFlags` is left to the signing code.
 * The widget carries an empty appearance stream; signing replaces it with the visible signature.
 */
import { PDFDocument, PDFHexString, PDFName, PDFPage, PDFString } from 'pdf-lib';
import { round2, type Rect } from './geometry';

export function createSignatureField(
  doc: PDFDocument,
  page: PDFPage,
  name: string,
  rect: Rect,
  tooltip?: string,
): void {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`signature field name must be ASCII letters, digits, "-" or "_": ${name}`);
  }
  const context = doc.context;
  const appearance = context.register(
    context.stream(new Uint8Array(0), {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, rect.width, rect.height],
      Resources: {},
    }),
  );
  const field = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFString.of(name),
    Rect: [rect.x, rect.y, round2(rect.x + rect.width), round2(rect.y + rect.height)],
    P: page.ref,
    F: 4,
    AP: { N: appearance },
  });
  if (tooltip) field.set(PDFName.of('TU'), PDFHexString.fromText(tooltip.normalize('NFC')));
  const ref = context.register(field);
  page.node.addAnnot(ref);
  doc.catalog.getOrCreateAcroForm().addField(ref);
}

/**
 * PDF/A-2b (ISO 19005-2, level B) for every rendered document: what pdf-lib does not write by
 * itself.
 *
 * - One description of the document written twice, so that the two always agree: the Info
 *   dictionary and the XMP metadata stream (dc:title, dc:creator, dc:description, pdf:Keywords,
 *   pdf:Producer, xmp:CreatorTool, xmp:CreateDate, xmp:ModifyDate, and pdfaid:part 2,
 *   pdfaid:conformance B), uncompressed as the standard wants.
 * - An sRGB OutputIntent (GTS_PDFA1) with the vendored ICC profile, which makes the DeviceRGB the
 *   pages and signature appearances draw with device-independent.
 * - A trailer /ID, derived from the document's own bytes so that the same input still gives the
 *   same file. The signing code carries /ID into the trailer of every incremental update.
 *
 * The rest of PDF/A-2b the templates already do: fonts are embedded (Tinos subsets with their
 * widths and ToUnicode), nothing is transparent or encrypted, and every signature field has an
 * appearance stream (see `layout/signature-field.ts`).
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { SRGB_PROFILE_NAME, srgbProfile } from './srgb-profile';

export { SRGB_PROFILE_NAME, SRGB_PROFILE_SHA256, srgbProfile } from './srgb-profile';

/** What the Info dictionary and the XMP metadata both say. */
export interface DocumentDescription {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
  /** The application that made the content (Info /Creator, xmp:CreatorTool). */
  creator: string;
  /** The library that wrote the PDF (Info /Producer, pdf:Producer). */
  producer: string;
  createdAt: Date;
  modifiedAt: Date;
  /** BCP 47, e.g. "vi-VN" (catalog /Lang, dc:language). */
  language: string;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** ISO 8601 in UTC, to the second, as pdf-lib writes the Info dates. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The XMP packet (UTF-8) for a description. */
export function xmpPacket(d: DocumentDescription, documentId?: string): string {
  const keywords = d.keywords?.join(' ');
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '  xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '  xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
    '  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>B</pdfaid:conformance>',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(d.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(d.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(d.subject)}</rdf:li></rdf:Alt></dc:description>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(d.language)}</rdf:li></rdf:Bag></dc:language>`,
    ...(keywords ? [`<pdf:Keywords>${xml(keywords)}</pdf:Keywords>`] : []),
    `<pdf:Producer>${xml(d.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${xml(d.creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${xmpDate(d.createdAt)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(d.modifiedAt)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(d.modifiedAt)}</xmp:MetadataDate>`,
    ...(documentId ? [`<xmpMM:DocumentID>uuid:${documentId}</xmpMM:DocumentID>`] : []),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    // Padding lets an editor rewrite the packet in place (XMP specification, part 1, 7.3.2).
    ...Array.from({ length: 20 }, () => ' '.repeat(99)),
    '<?xpacket end="w"?>',
  ];
  return lines.join('\n');
}

function setXmp(doc: PDFDocument, d: DocumentDescription, documentId?: string): void {
  const context = doc.context;
  // Uncompressed: PDF/A-2 6.6.2.1 (and readers that scan for the packet) want it in clear.
  const stream = context.stream(Buffer.from(xmpPacket(d, documentId), 'utf8'), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  const existing = doc.catalog.get(PDFName.of('Metadata'));
  if (existing instanceof PDFRef) {
    context.assign(existing, stream);
  } else {
    doc.catalog.set(PDFName.of('Metadata'), context.register(stream));
  }
}

function clean(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Writes the description into the Info dictionary and the XMP metadata, sets the language and
 * adds the sRGB OutputIntent. Call once, on a new document.
 */
export function describeAsPdfA(doc: PDFDocument, description: DocumentDescription): void {
  const d: DocumentDescription = {
    ...description,
    title: clean(description.title),
    author: clean(description.author),
    subject: clean(description.subject),
    ...(description.keywords ? { keywords: description.keywords.map(clean) } : {}),
  };
  for (const date of [d.createdAt, d.modifiedAt]) {
    if (Number.isNaN(date.getTime())) throw new Error('document dates must be valid dates');
  }
  doc.setTitle(d.title, { showInWindowTitleBar: true });
  doc.setAuthor(d.author);
  doc.setSubject(d.subject);
  if (d.keywords) doc.setKeywords(d.keywords);
  doc.setCreator(d.creator);
  doc.setProducer(d.producer);
  doc.setCreationDate(d.createdAt);
  doc.setModificationDate(d.modifiedAt);
  doc.setLanguage(d.language);
  setXmp(doc, d);
  descriptions.set(doc, d);

  const context = doc.context;
  const profile = context.register(context.flateStream(srgbProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_PROFILE_NAME),
    Info: PDFString.of(SRGB_PROFILE_NAME),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
}

const descriptions = new WeakMap<PDFDocument, DocumentDescription>();

/**
 * Saves a document prepared with {@link describeAsPdfA}: a first save gives the bytes whose
 * SHA-256 becomes the trailer /ID (both halves, as for a new file) and the XMP DocumentID, and
 * the second save writes them. Deterministic: the same document gives the same bytes.
 */
export async function saveAsPdfA(doc: PDFDocument): Promise<Uint8Array> {
  const description = descriptions.get(doc);
  if (!description) throw new Error('saveAsPdfA: the document was not described as PDF/A');
  const draft = await doc.save({ useObjectStreams: true });
  const digest = createHash('sha256').update(draft).digest('hex').slice(0, 32);
  const id = PDFHexString.of(digest);
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
  setXmp(doc, description, uuid);
  return doc.save({ useObjectStreams: true });
}

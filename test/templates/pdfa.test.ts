/**
 * Every kind is PDF/A-2b as rendered, judged by veraPDF (PDF/A-2B profile), with the demo data
 * and with the extreme inputs that paginate; the Info dictionary and the XMP metadata say the
 * same; the trailer has an /ID; the OutputIntent's profile is the vendored sRGB profile.
 */
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import type { DocumentKind } from '../../domain/types';
import { SRGB_PROFILE_SHA256, renderDocument, srgbProfile } from '../../templates';
import { describeFailures, validatePdfA2b } from '../helpers/verapdf';
import { extremeData, KINDS, sampleData } from './fixtures';
import { scratch } from './helpers';

const tmp = scratch();
afterAll(() => tmp.cleanup());

const files: Array<{ kind: DocumentKind; variant: string; path: string }> = [];

beforeAll(async () => {
  for (const kind of KINDS) {
    for (const [variant, data] of [
      ['demo', sampleData()],
      ['extreme', extremeData()],
    ] as const) {
      const doc = await renderDocument(kind, data[kind] as never);
      files.push({ kind, variant, path: tmp.file(`${kind}-${variant}.pdf`, doc.pdf) });
    }
  }
}, 120_000);

describe('veraPDF PDF/A-2B', () => {
  it('finds every kind compliant, with the demo data and with extreme inputs', async () => {
    const results = await validatePdfA2b(files.map((f) => f.path));
    expect(results).toHaveLength(files.length);
    for (const result of results) expect(result.profile).toMatch(/PDF\/A-2B/);
    expect(results.flatMap(describeFailures)).toEqual([]);
    expect(results.every((r) => r.compliant)).toBe(true);
  }, 300_000);
});

function xmpOf(doc: PDFDocument): string {
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  if (!(stream instanceof PDFRawStream)) throw new Error('no metadata stream');
  expect(stream.dict.get(PDFName.of('Filter'))).toBeUndefined(); // in clear (6.6.2.1)
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
}

function tag(xmp: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>(?:<rdf:(?:Alt|Seq|Bag)>)?(?:<rdf:li[^>]*>)?([^<]*)<`).exec(xmp);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe.each(KINDS)('%s metadata', (kind) => {
  it('agrees between the Info dictionary and the XMP, with pdfaid part 2 level B', async () => {
    const rendered = await renderDocument(kind, sampleData()[kind] as never);
    const doc = await PDFDocument.load(rendered.pdf, { updateMetadata: false });
    const xmp = xmpOf(doc);
    expect(tag(xmp, 'pdfaid:part')).toBe('2');
    expect(tag(xmp, 'pdfaid:conformance')).toBe('B');
    expect(tag(xmp, 'dc:title')).toBe(doc.getTitle());
    expect(tag(xmp, 'dc:creator')).toBe(doc.getAuthor());
    expect(tag(xmp, 'dc:description')).toBe(doc.getSubject());
    expect(tag(xmp, 'pdf:Producer')).toBe(doc.getProducer());
    expect(tag(xmp, 'xmp:CreatorTool')).toBe(doc.getCreator());
    expect(new Date(tag(xmp, 'xmp:CreateDate') ?? '')).toEqual(doc.getCreationDate());
    expect(new Date(tag(xmp, 'xmp:ModifyDate') ?? '')).toEqual(doc.getModificationDate());
    // Vietnamese text intact (NFC) in both.
    expect(doc.getTitle()).toBe(doc.getTitle()?.normalize('NFC'));
    expect(tag(xmp, 'dc:title')).toMatch(/[^\p{ASCII}]/u);
  });

  it('has a trailer /ID of two 16-byte strings and the sRGB OutputIntent', async () => {
    const rendered = await renderDocument(kind, sampleData()[kind] as never);
    const doc = await PDFDocument.load(rendered.pdf, { updateMetadata: false });
    const id = doc.context.trailerInfo.ID;
    expect(id).toBeInstanceOf(PDFArray);
    const parts = (id as PDFArray).asArray();
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part).toBeInstanceOf(PDFHexString);
      expect((part as PDFHexString).asBytes()).toHaveLength(16);
    }
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    expect(intents.size()).toBe(1);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(intent.lookup(PDFName.of('OutputConditionIdentifier'), PDFString).decodeText()).toBe(
      'sRGB IEC61966-2.1',
    );
    const profile = intent.lookup(PDFName.of('DestOutputProfile'));
    if (!(profile instanceof PDFRawStream)) throw new Error('no ICC profile stream');
    const bytes = decodePDFRawStream(profile).decode();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SRGB_PROFILE_SHA256);
  });
});

describe('the sRGB profile', () => {
  it('is the profile of Debian icc-profiles-free: an RGB display profile with XYZ connection', () => {
    const icc = Buffer.from(srgbProfile());
    expect(createHash('sha256').update(icc).digest('hex')).toBe(
      '2a92d4bae450b76d8b0aa42193df974d75f62738ecebf74f01c5e75b12a95796',
    );
    expect(icc.readUInt32BE(0)).toBe(icc.length); // declared size
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    expect(icc.toString('latin1', 12, 16)).toBe('mntr');
    expect(icc.toString('latin1', 16, 20)).toBe('RGB ');
    expect(icc.toString('latin1', 20, 24)).toBe('XYZ ');
    expect(icc[8]).toBe(2); // ICC v2: accepted by PDF/A-1 and PDF/A-2 readers alike
  });
});

describe('the trailer /ID', () => {
  it('depends on the content and is the same for the same input', async () => {
    const a = await renderDocument('RECEIPT', sampleData().RECEIPT);
    const b = await renderDocument('RECEIPT', sampleData().RECEIPT);
    const other = sampleData().RECEIPT;
    other.dossierCode = '000.26.01.H29-261203-0008';
    const c = await renderDocument('RECEIPT', other);
    const idOf = async (pdf: Uint8Array) =>
      (await PDFDocument.load(pdf, { updateMetadata: false })).context.trailerInfo.ID?.toString();
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    expect(await idOf(a.pdf)).toBe(await idOf(b.pdf));
    expect(await idOf(c.pdf)).not.toBe(await idOf(a.pdf));
  });
});

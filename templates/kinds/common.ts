/** Pieces shared by the document kinds: issuing bodies, signer headings, applicant lines. */
import type { Applicant, DocumentKind, Unit } from '../../domain/types';
import { toDate, upper, type DateInput } from '../format';
import { Canvas, type LayoutTrace } from '../layout/canvas';
import { labelled, paragraph, type ParagraphOptions } from '../layout/flow';
import { MM } from '../layout/geometry';
import type { RichText } from '../layout/text';
import type { IssuingBody, RenderedDocument, SignerInfo } from '../types';
import { deskName } from '../units';

/** First-line indent of body paragraphs (Decree 30: 1–1.27 cm). */
export const INDENT = 10 * MM;

/**
 * A superior body's name as printed above the issuing body: Decree 30 lets the usual phrase
 * "Ủy ban nhân dân" be abbreviated there ("UBND PHƯỜNG SÀI GÒN").
 */
export function superiorName(name: string): string {
  return upper(name).replace(/^(ỦY|UỶ) BAN NHÂN DÂN(?=\s)/u, 'UBND');
}

/** The ward's one-stop desk as issuing body. */
export function deskIssuingBody(ward: Unit): IssuingBody {
  return { superior: superiorName(ward.issuerName), issuer: 'BỘ PHẬN MỘT CỬA' };
}

/** A unit as issuing body: its superior body, then its own name. */
export function unitIssuingBody(unit: Unit): IssuingBody {
  return { superior: superiorName(unit.parentName), issuer: upper(unit.issuerName) };
}

export { deskName };

const PREFIX = /^(KT|TL|TUQ|Q|TM)\.\s*/u;

/**
 * Headings of a signer block: the authority prefix (when there is one and it does not merely
 * repeat the position) and the position, in capitals. "KT. GIÁM ĐỐC" + "Phó Giám đốc" gives two
 * lines; "KT. GIÁM ĐỐC" + "Giám đốc" gives "GIÁM ĐỐC" alone.
 */
export function signerHeadings(signer: SignerInfo, defaultPrefix?: string): string[] {
  const position = upper(signer.position.trim());
  const prefix = (signer.authorityPrefix ?? defaultPrefix)?.trim();
  if (!prefix) return [position];
  const prefixUpper = upper(prefix);
  if (prefixUpper === position || prefixUpper.replace(PREFIX, '') === position) return [position];
  return [prefixUpper, position];
}

/** "Số: 12/QĐ-SXD" from "12" and "QĐ-SXD"; a number that already has a symbol is kept. */
export function numberLine(number: string, symbol: string): string {
  const n = number.normalize('NFC').trim();
  return `Số: ${n.includes('/') ? n : `${n}/${symbol}`}`;
}

/** The person's lines: name in bold, identity number, address, phone, email. */
export function applicantLines(
  canvas: Canvas,
  applicant: Applicant,
  options: ParagraphOptions & { nameLabel?: string } = {},
): void {
  const { nameLabel = 'Ông/Bà', ...rest } = options;
  labelled(canvas, nameLabel, applicant.fullName, { ...rest, valueStyle: 'bold' });
  labelled(canvas, 'Số định danh cá nhân', applicant.idNumber, rest);
  labelled(canvas, 'Địa chỉ', applicant.address, rest);
  labelled(canvas, 'Số điện thoại', applicant.phone, rest);
  if (applicant.email) labelled(canvas, 'Thư điện tử', applicant.email, rest);
}

/** A numbered or bulleted item with the continuation lines aligned after the marker. */
export function listItem(
  canvas: Canvas,
  marker: string,
  text: RichText,
  options: ParagraphOptions = {},
): void {
  const size = options.size ?? 13;
  const markerText = `${marker} `;
  const indent = options.indent ?? 0;
  const hang = indent + canvas.measure(markerText, { style: options.style ?? 'regular', size });
  const runs = typeof text === 'string' ? [{ text, style: options.style ?? 'regular' }] : text;
  paragraph(canvas, [{ text: markerText, style: options.style ?? 'regular' }, ...runs], {
    ...options,
    indent,
    restIndent: hang,
  });
}

export async function openCanvas(
  meta: { title: string; author: string; subject: string; issuedAt: DateInput },
  trace?: LayoutTrace,
): Promise<Canvas> {
  return Canvas.create(
    {
      title: meta.title,
      author: meta.author,
      subject: meta.subject,
      issuedAt: toDate(meta.issuedAt, 'issuedAt'),
    },
    trace,
  );
}

export async function finish<K extends DocumentKind>(
  canvas: Canvas,
  kind: K,
  title: string,
): Promise<RenderedDocument<K>> {
  const done = await canvas.finish();
  return {
    kind,
    title: title.normalize('NFC'),
    pdf: done.pdf,
    signatureFields: done.signatureFields,
    pageCount: done.pageCount,
  };
}

/** Body paragraph defaults: ragged-right text with a first-line indent. */
export const BODY: ParagraphOptions = { indent: INDENT, spaceAfter: 3 };

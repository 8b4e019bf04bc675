/**
 * Shared fixtures for the signing tests: a development PKI, enrolled signers and pdf-lib
 * documents (with object streams, classic xref, and with an empty signature field).
 */
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import {
  type EncryptedKeyRecord,
  LocalKeySigner,
  type PkiState,
  createDevelopmentPki,
  enrollSigner,
  unlockKey,
  unlockWithKek,
} from '../../signing';

export const KEK = Buffer.alloc(32, 0x5a);
export const PIN = '123456';

export interface Enrolled {
  certificatePem: string;
  chainPems: string[];
  keyRecord: EncryptedKeyRecord;
}

export interface Fixture {
  pki: PkiState;
  roots: string;
  ward: Enrolled;
  department: Enrolled;
  seal: Enrolled;
}

/** A PKI with a ward official, a department official and a department seal. */
export async function createFixture(): Promise<Fixture> {
  const pki = await createDevelopmentPki({ kek: KEK });
  const ward = await enrollSigner(pki, KEK, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Nguyễn Văn A',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Sài Gòn',
    },
    pin: PIN,
  });
  const department = await enrollSigner(pki, KEK, {
    profile: 'OFFICIAL',
    subject: { fullName: 'Trần Thị Bích', title: 'Phó Giám đốc', organization: 'Sở Xây dựng' },
    pin: PIN,
    keyAlgorithm: 'EC-P256',
  });
  const seal = await enrollSigner(pki, KEK, {
    profile: 'SEAL',
    subject: { organization: 'Sở Xây dựng' },
  });
  return { pki, roots: pki.trustAnchorsPem.join(''), ward, department, seal };
}

/** A signer for an official (PIN) or a seal (KEK only). */
export function signerFor(who: Enrolled): LocalKeySigner {
  if (who.keyRecord.protection === 'KEK') {
    return new LocalKeySigner(unlockWithKek(who.keyRecord, KEK), who.certificatePem, who.chainPems);
  }
  const r = unlockKey(who.keyRecord, PIN, KEK);
  if (!r.ok) throw new Error('fixture unlock failed');
  return new LocalKeySigner(r.key, who.certificatePem, who.chainPems);
}

/** A 3-page A4 document written by pdf-lib. */
export async function threePagePdf(useObjectStreams = true): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= 3; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`QUYET DINH - trang ${i}`, { x: 60, y: 780, size: 16, font });
    page.drawText('Noi dung van ban.', { x: 60, y: 740, size: 12, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/** A template with an empty signature field "KyDuyet" on page 1 (as templates/ will make). */
export async function templateWithEmptyField(name = 'KyDuyet'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('PHIEU KIEM SOAT QUA TRINH GIAI QUYET HO SO', { x: 60, y: 780, size: 14, font });
  const ctx = doc.context;
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [300, 500, 560, 590],
    F: 4,
    P: page.ref,
  });
  widget.set(PDFName.of('T'), PDFString.of(name));
  const ref = ctx.register(widget);
  page.node.set(PDFName.of('Annots'), ctx.obj([ref]));
  const form = ctx.obj({ Fields: [ref] });
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(form));
  return Buffer.from(await doc.save());
}

/**
 * Bad input is refused cleanly with a typed error, and nothing half-written is left behind.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import {
  SigningError,
  completeSignature,
  prepareSignature,
  produceFile,
  signPdf,
  verifyPdf,
} from '../../signing';
import {
  type Fixture,
  createFixture,
  signerFor,
  templateWithEmptyField,
  threePagePdf,
} from './fixtures';
import { exec, scratch, validators } from './validators';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});
let dir: string;
let plain: Buffer;
let signed: Buffer;
let encrypted: Buffer;

beforeAll(async () => {
  dir = scratch();
  plain = await threePagePdf();
  signed = await signPdf(plain, signerFor(fx.ward));
  const v = await validators();
  writeFileSync(path.join(dir, 'plain.pdf'), plain);
  const r = await exec(v.qpdf, [
    '--encrypt',
    'u',
    'o',
    '256',
    '--',
    path.join(dir, 'plain.pdf'),
    path.join(dir, 'enc.pdf'),
  ]);
  expect(r.code).toBe(0);
  encrypted = readFileSync(path.join(dir, 'enc.pdf'));
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SigningError);
  return (err as SigningError).code;
}

const cases: Array<[string, () => Buffer, string]> = [
  ['not a PDF', () => Buffer.from('Đây không phải là PDF\n'.repeat(20)), 'NOT_PDF'],
  ['an empty file', () => Buffer.alloc(0), 'NOT_PDF'],
  ['an encrypted PDF', () => encrypted, 'ENCRYPTED_PDF'],
  [
    'a truncated PDF (half of it)',
    () => plain.subarray(0, Math.floor(plain.length / 2)),
    'MALFORMED_PDF',
  ],
  [
    'a truncated signed PDF (last bytes missing)',
    () => signed.subarray(0, signed.length - 7),
    'MALFORMED_PDF',
  ],
];

describe.each(cases)('%s', (_label, input, code) => {
  it(`is refused by signPdf with ${code}`, async () => {
    expect(await codeOf(signPdf(input(), signerFor(fx.ward)))).toBe(code);
  });
  it(`is refused by verifyPdf with ${code}`, async () => {
    expect(await codeOf(verifyPdf(input(), { trustAnchorsPem: fx.roots }))).toBe(code);
  });
  it('leaves no output file behind', async () => {
    const out = path.join(dir, `out-${code}.pdf`);
    await expect(
      produceFile(out, () => signPdf(input(), signerFor(fx.ward))),
    ).rejects.toBeInstanceOf(SigningError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

it('refuses a mismatching signature value with SIGNATURE_INVALID and writes nothing', async () => {
  const prepared = await prepareSignature(plain, {
    signerCertificatePem: fx.ward.certificatePem,
    chainPems: fx.ward.chainPems,
  });
  const wrong = await signerFor(fx.seal).sign(prepared.toBeSigned);
  const out = path.join(dir, 'mismatch.pdf');
  await expect(
    produceFile(out, () => completeSignature(prepared.state, wrong)),
  ).rejects.toMatchObject({
    code: 'SIGNATURE_INVALID',
  });
  expect(existsSync(out)).toBe(false);
  // The right value still completes the same state afterwards.
  const right = await signerFor(fx.ward).sign(prepared.toBeSigned);
  expect(
    (await verifyPdf(await completeSignature(prepared.state, right), { trustAnchorsPem: fx.roots }))
      .valid,
  ).toBe(true);
});

it('refuses a field that is already signed, and a field that is not a signature field', async () => {
  const template = await templateWithEmptyField('KyDuyet');
  const once = await signPdf(template, signerFor(fx.ward), { fieldName: 'KyDuyet' });
  expect(await codeOf(signPdf(once, signerFor(fx.seal), { fieldName: 'KyDuyet' }))).toBe(
    'FIELD_ALREADY_SIGNED',
  );
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  doc.getForm().createTextField('HoTen').addToPage(page, { x: 50, y: 50, width: 200, height: 20 });
  expect(await codeOf(signPdf(await doc.save(), signerFor(fx.ward), { fieldName: 'HoTen' }))).toBe(
    'FIELD_NOT_SIGNATURE',
  );
  expect(
    await codeOf(
      signPdf(plain, signerFor(fx.ward), { placement: { page: 7, rect: [0, 0, 10, 10] } }),
    ),
  ).toBe('INVALID_ARGUMENT');
});

it('refuses a state that is not ours', async () => {
  expect(await codeOf(completeSignature({ format: 'x' } as never, Buffer.alloc(64)))).toBe(
    'INVALID_STATE',
  );
});

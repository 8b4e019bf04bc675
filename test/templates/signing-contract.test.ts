/**
 * The contract with signing/: the empty fields the templates create are found by name and signed
 * in place as incremental updates, one after the other, and poppler validates every signature.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  createDevelopmentPki,
  enrollSigner,
  LocalKeySigner,
  type PkiState,
  signPdf,
  unlockWithKek,
} from '../../signing';
import { renderDocument } from '../../templates';
import { sampleData } from './fixtures';
import { scratch } from './helpers';
import { tools } from './tools';

const run = promisify(execFile);
const KEK = Buffer.alloc(32, 0x42);

async function sealSigner(pki: PkiState, organization: string): Promise<LocalKeySigner> {
  const enrolled = await enrollSigner(pki, KEK, { profile: 'SEAL', subject: { organization } });
  return new LocalKeySigner(
    unlockWithKek(enrolled.keyRecord, KEK),
    enrolled.certificatePem,
    enrolled.chainPems,
  );
}

async function validSignatures(path: string): Promise<string[]> {
  const { pdfsig } = await tools();
  const { stdout } = await run(pdfsig, [path]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }) as { stdout: string },
  );
  return stdout
    .split(/Signature #\d+:/)
    .slice(1)
    .filter((block) => block.includes('Signature is Valid.'))
    .map((block) => /Signature Field Name: (\S+)/.exec(block)?.[1] ?? '?');
}

describe('templates × signing', () => {
  const tmp = scratch();
  afterAll(() => tmp.cleanup());
  let pki: PkiState;
  let signer: LocalKeySigner;
  beforeAll(async () => {
    pki = await createDevelopmentPki({ kek: KEK });
    signer = await sealSigner(pki, 'Sở Xây dựng');
  });

  it('signs the decision in its approver and seal fields', async () => {
    const doc = await renderDocument('DECISION', sampleData().DECISION);
    let pdf: Uint8Array = doc.pdf;
    for (const field of doc.signatureFields) {
      pdf = await signPdf(pdf, signer, { fieldName: field.name });
    }
    const path = tmp.file('decision.pdf', pdf);
    expect(await validSignatures(path)).toEqual(['approver', 'seal']);
  });

  it('signs the control sheet step by step, earlier signatures staying valid', async () => {
    const doc = await renderDocument('CONTROL_SHEET', sampleData().CONTROL_SHEET);
    let pdf: Uint8Array = doc.pdf;
    for (const field of doc.signatureFields) {
      pdf = await signPdf(pdf, signer, {
        fieldName: field.name,
        appearance: { extraLines: ['Kết quả: Đúng hạn'] },
      });
    }
    const path = tmp.file('control-sheet.pdf', pdf);
    expect(await validSignatures(path)).toEqual(['step-1', 'step-2', 'step-3', 'step-4']);
  });
});

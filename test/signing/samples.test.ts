/**
 * Every sample written by `npm run samples` passes the outside validators: pdfsig (valid and
 * trusted), pyHanko (valid, modifications no worse than form filling and signing) and qpdf.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyPdf } from '../../signing';
import { writeSamples } from '../../scripts/samples';
import { nssDbTrusting, pdfsig, pyhankoValidate, qpdfCheck, scratch } from './validators';

let files: string[];
let roots: string;
let rootsFile: string;
let nss: string;

beforeAll(async () => {
  const dir = scratch('samples-');
  files = (await writeSamples(dir)).filter((f) => f.endsWith('.pdf'));
  rootsFile = path.join(dir, 'roots.pem');
  roots = readFileSync(rootsFile, 'utf8');
  nss = await nssDbTrusting(roots);
});

it('writes the four stages of the chain and the roots', () => {
  expect(files.map((f) => path.basename(f))).toEqual([
    '1-applicant.pdf',
    '2-ward.pdf',
    '3-department.pdf',
    '4-sealed.pdf',
  ]);
  expect(roots).toContain('BEGIN CERTIFICATE');
});

describe.each(
  ['1-applicant.pdf', '2-ward.pdf', '3-department.pdf', '4-sealed.pdf'].map(
    (f, i) => [f, i + 1] as const,
  ),
)('sample %s', (name, count) => {
  const file = (): string => files.find((f) => path.basename(f) === name) as string;

  it(`has ${count} signature(s), each valid and trusted for pdfsig`, async () => {
    const sigs = await pdfsig(file(), nss);
    expect(sigs).toHaveLength(count);
    for (const s of sigs) {
      expect(s.signatureValid).toBe(true);
      expect(s.certificateTrusted).toBe(true);
    }
  });

  it('is judged valid by pyHanko', async () => {
    const r = await pyhankoValidate(file(), rootsFile);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/The signature is judged VALID\./g)).toHaveLength(count);
    expect(r.stdout).not.toMatch(
      /ILLEGAL|incompatible with the current document modification policy/,
    );
  });

  it('passes qpdf --check', async () => {
    expect((await qpdfCheck(file())).code).toBe(0);
  });

  it('is valid B-B for our verifier', async () => {
    const report = await verifyPdf(readFileSync(file()), { trustAnchorsPem: roots });
    expect(report.valid).toBe(true);
    expect(report.signatures.every((s) => s.padesLevel === 'B-B')).toBe(true);
  });
});

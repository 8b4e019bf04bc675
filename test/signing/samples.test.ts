/**
 * Every sample written by `npm run samples` passes the outside validators: pdfsig (valid and
 * trusted, NSS fetching OCSP from the deployment's responder on loopback), pyHanko (valid, revocation data required and fetched from the deployment's OCSP
 * responder on loopback, modifications no worse than form filling and signing), qpdf, and EU
 * DSS under its default policy (TOTAL_PASSED, PAdES-BASELINE-LT, -LTA for the sealed document).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyPdf } from '../../signing';
import { ARCHIVED_SAMPLES, developmentKek, writeSamples } from '../../scripts/samples';
import { type TrustServer, startTrustServer } from './trust-server';
import {
  type DssToken,
  dssValidate,
  nssDbTrusting,
  pdfsig,
  pyhankoValidateRevinfo,
  qpdfCheck,
  scratch,
} from './validators';

let files: string[];
let roots: string;
let rootsFile: string;
let nss: string;
let server: TrustServer;
let dss: Map<string, DssToken[]>;

beforeAll(async () => {
  const dir = scratch('samples-');
  server = await startTrustServer(() => path.join(dir, 'pki.json'), developmentKek());
  files = (await writeSamples(dir, undefined, { publicBaseUrl: server.baseUrl })).filter((f) =>
    f.endsWith('.pdf'),
  );
  rootsFile = path.join(dir, 'roots.pem');
  roots = readFileSync(rootsFile, 'utf8');
  nss = await nssDbTrusting(roots);
  dss = await dssValidate(files, rootsFile);
}, 180_000);

afterAll(async () => {
  await server?.close();
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

  it(`has ${count} signature(s), each valid and trusted for pdfsig (OCSP from the responder)`, async () => {
    // pdfsig lists a document time-stamp as a signature of unknown type, not verified.
    const sigs = (await pdfsig(file(), nss)).filter((s) => s.signatureType !== 'unknown');
    expect(sigs).toHaveLength(count);
    for (const s of sigs) {
      expect({ valid: s.signatureValid, certificate: s.certificateStatus }).toEqual({
        valid: true,
        certificate: 'Certificate is Trusted.',
      });
    }
  });

  it('is judged valid by pyHanko, which requires revocation data for every certificate', async () => {
    const r = await pyhankoValidateRevinfo(file(), rootsFile);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/The signature is judged VALID\./g)).toHaveLength(count);
    expect(r.stdout).not.toMatch(
      /ILLEGAL|incompatible with the current document modification policy/,
    );
  });

  it('passes qpdf --check', async () => {
    expect((await qpdfCheck(file())).code).toBe(0);
  });

  const level = ARCHIVED_SAMPLES.has(name) ? 'LTA' : 'LT';

  it(`is valid B-${level} for our verifier`, async () => {
    const report = await verifyPdf(readFileSync(file()), { trustAnchorsPem: roots });
    expect(report.valid).toBe(true);
    expect(report.signatures.map((s) => s.padesLevel)).toEqual(Array(count).fill(`B-${level}`));
    expect(report.signatures.every((s) => s.timestampedAt !== null)).toBe(true);
  });

  it(`is TOTAL_PASSED and PAdES-BASELINE-${level} for EU DSS under its default policy`, () => {
    const tokens = dss.get(file()) ?? [];
    expect(tokens).toHaveLength(count);
    for (const t of tokens) {
      expect({ indication: t.indication, errors: t.errors }).toEqual({
        indication: 'TOTAL_PASSED',
        errors: [],
      });
      expect(t.format).toBe(`PAdES-BASELINE-${level}`);
    }
  });
});

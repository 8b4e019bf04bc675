/**
 * `npm run samples` writes one fully signed sample of every document kind for a demo case; each
 * one passes our verifier, poppler's pdfsig (valid and trusted), pyHanko (modifications no worse
 * than form filling and signing) and qpdf, shows the applicant's name in NFC although it was
 * entered NFD, and draws its visible signatures inside their fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addWorkingDays, isWorkingDay, isWorkingTime, vnParts } from '../../domain/calendar';
import type { DocumentKind } from '../../domain/types';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  type PDFObject,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { verifyPdf } from '../../signing';
import { renderDocument } from '../../templates';
import { cliSampleProducers, writeSamples } from '../../scripts/samples';
import {
  DEMO_APPLICANT_NAME,
  type DemoCase,
  STEP_RESULT_LABELS,
  buildDemoCase,
  stepLines,
  workingDayAfter,
} from '../../scripts/samples/case';
import { sampleData } from '../../scripts/samples/data';
import {
  SAMPLE_KINDS,
  documentSampleProducer,
  documentSamples,
  sampleFileName,
} from '../../scripts/samples/documents';
import { pdfText, redInk, renderPng, renderRaster, squash } from './helpers';
import {
  type DssToken,
  dssValidate,
  nssDbTrusting,
  pdfsig,
  pyhankoValidateRevinfo,
  qpdfCheck,
  scratch,
} from '../signing/validators';
import { ARCHIVED_SAMPLES, developmentKek } from '../../scripts/samples';
import { type TrustServer, startTrustServer } from '../signing/trust-server';

/** Every text string of a PDF: metadata, field names and tooltips, signature dictionaries. */
async function textStrings(pdf: Buffer): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: string[] = [];
  const walk = (o: PDFObject | undefined): void => {
    if (o instanceof PDFString || o instanceof PDFHexString) out.push(o.decodeText());
    else if (o instanceof PDFArray) o.asArray().forEach(walk);
    else if (o instanceof PDFDict) for (const v of o.values()) walk(v);
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    walk(object instanceof PDFStream ? object.dict : object);
  }
  walk(doc.context.trailerInfo.Info);
  return out;
}

const NAME_NFC = DEMO_APPLICANT_NAME;
const NAME_NFD = DEMO_APPLICANT_NAME.normalize('NFD');

/** Who signs each sample, in order: signature field and the certificate's name. */
const EXPECTED: Record<DocumentKind, Array<[field: string, signer: string]>> = {
  APPLICATION_FORM: [['applicant', NAME_NFC]],
  SUPPLEMENT_REQUEST: [['receiver', 'Nguyễn Thị Thu Hà']],
  RECEIPT: [['seal', 'Ủy ban nhân dân phường Sài Gòn']],
  CONTROL_SHEET: [
    ['step-1', 'Nguyễn Thị Thu Hà'],
    ['step-2', 'Trần Minh Khoa'],
    ['step-3', 'Đặng Hoàng Sơn'],
    ['step-4', 'Ủy ban nhân dân phường Sài Gòn'],
  ],
  REFUSAL: [['approver', 'Trần Minh Khoa']],
  APOLOGY: [['approver', 'Đặng Hoàng Sơn']],
  DECISION: [
    ['approver', 'Đặng Hoàng Sơn'],
    ['seal', 'Sở Xây dựng'],
  ],
};

const now = new Date();
let demo: DemoCase;
let dir: string;
let written: string[];
let roots: string;
let rootsFile: string;
let nss: string;
let server: TrustServer;
let dss: Map<string, DssToken[]>;

beforeAll(async () => {
  demo = buildDemoCase({ now });
  dir = scratch('document-samples-');
  server = await startTrustServer(() => path.join(dir, 'pki.json'), developmentKek());
  written = await writeSamples(dir, [documentSampleProducer({ now })], {
    publicBaseUrl: server.baseUrl,
  });
  rootsFile = path.join(dir, 'roots.pem');
  roots = readFileSync(rootsFile, 'utf8');
  nss = await nssDbTrusting(roots);
  dss = await dssValidate(
    written.filter((f) => f.endsWith('.pdf')),
    rootsFile,
  );
}, 240_000);

afterAll(async () => {
  await server?.close();
});

describe('the demo case', () => {
  it('is the construction permit at Phường Sài Gòn and Sở Xây dựng, with the demo officials', () => {
    expect(demo.procedure.code).toBe('1.009994.000.00.00.H29');
    expect(demo.procedure.chain).toEqual(['WARD', 'DEPARTMENT']);
    expect([demo.ward.code, demo.department.code]).toEqual(['SAIGON', 'SXD']);
    expect(Object.values(demo.officials).map((o) => o.username)).toEqual([
      'receiver.saigon',
      'ward.saigon',
      'dept.sxd',
    ]);
    expect(demo.dossierCode).toMatch(/^000\.26\.01\.H29-\d{6}-0007$/);
  });

  it('carries the applicant name decomposed (NFD)', () => {
    expect(demo.applicant.fullName).toBe(NAME_NFD);
    expect(demo.applicant.fullName).not.toBe(NAME_NFC);
  });

  it('is received on a working morning, the appointment after the procedure’s working days', () => {
    const { receivedAt, appointmentAt } = demo.times;
    expect(isWorkingTime(receivedAt)).toBe(true);
    expect(vnParts(receivedAt).hour).toBeLessThan(12);
    expect(appointmentAt).toEqual(addWorkingDays(receivedAt, demo.procedure.totalWorkingDays));
    for (const t of Object.values(demo.times)) expect(isWorkingDay(t)).toBe(true);
    for (const s of demo.steps) expect(isWorkingTime(s.at)).toBe(true);
    expect(demo.times.submittedAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it('steps through working days (weekends and holidays are skipped)', () => {
    // Tết 2026: Monday 16/02 to Friday 20/02 off → Friday 13/02 is followed by Monday 23/02.
    const beforeTet = new Date('2026-02-13T10:00:00+07:00');
    expect(workingDayAfter(beforeTet, 1, 9, 30)).toEqual(new Date('2026-02-23T09:30:00+07:00'));
    // 30/04 and 01/05 off, then the weekend.
    const beforeMayDay = new Date('2026-04-29T10:00:00+07:00');
    expect(workingDayAfter(beforeMayDay, 1, 9, 30)).toEqual(new Date('2026-05-04T09:30:00+07:00'));
  });

  it('measures each control-sheet step against its deadline', () => {
    expect(demo.steps.map((s) => s.n)).toEqual([1, 2, 3, 4]);
    expect(demo.steps.map((s) => s.result)).toEqual(['ON_TIME', 'EARLY', 'LATE', 'EARLY']);
  });
});

it('writes the seven documents, named after their kind, and the roots', () => {
  expect(written.map((f) => path.basename(f))).toEqual([
    'application-form.pdf',
    'supplement-request.pdf',
    'receipt.pdf',
    'control-sheet.pdf',
    'refusal.pdf',
    'apology.pdf',
    'decision.pdf',
    'roots.pem',
  ]);
  expect(roots).toContain('BEGIN CERTIFICATE');
});

it('is part of what `npm run samples` writes, after the signing chain', () => {
  const producers = cliSampleProducers();
  expect(producers).toContain(documentSamples);
  expect(producers.indexOf(documentSamples)).toBe(producers.length - 1);
});

describe.each(SAMPLE_KINDS.map((kind) => [sampleFileName(kind), kind] as const))(
  '%s',
  (fileName, kind) => {
    const file = (): string => path.join(dir, fileName);
    const expected = EXPECTED[kind];
    const level = ARCHIVED_SAMPLES.has(fileName) ? 'B-LTA' : 'B-LT';

    it('extends the rendered template by incremental updates only', async () => {
      const rendered = await renderDocument(kind, sampleData[kind](demo) as never);
      const signed = readFileSync(file());
      expect(signed.subarray(0, rendered.pdf.length).equals(Buffer.from(rendered.pdf))).toBe(true);
    });

    it('is valid for our verifier, signed by the expected officials in their fields', async () => {
      const report = await verifyPdf(readFileSync(file()), { trustAnchorsPem: roots });
      expect(report.valid).toBe(true);
      expect(report.signatures.map((s) => [s.fieldName, s.signerName])).toEqual(expected);
      for (const s of report.signatures) {
        expect(s).toMatchObject({
          integrity: 'INTACT',
          chain: 'TRUSTED',
          modifiedAfterSigning: false,
          padesLevel: level,
        });
        expect(s.timestampedAt).not.toBeNull();
      }
    });

    it(`is TOTAL_PASSED and PAdES-BASELINE-${level.slice(2)} for EU DSS (default policy, embedded revocation data only)`, () => {
      const tokens = dss.get(file()) ?? [];
      expect(tokens.map((t) => t.signedBy)).toEqual(expected.map(([, who]) => who));
      for (const t of tokens) {
        expect({ indication: t.indication, errors: t.errors }).toEqual({
          indication: 'TOTAL_PASSED',
          errors: [],
        });
        expect(t.format).toBe(`PAdES-BASELINE-${level.slice(2)}`);
      }
    });

    it('is valid and trusted for pdfsig, every signature, none covering the whole file (DSS after)', async () => {
      // A document time-stamp is listed with an unknown type; pdfsig does not verify it. NSS
      // fetches each signer's OCSP answer from the trust server (the certificates' AIA).
      const sigs = (await pdfsig(file(), nss)).filter((s) => s.signatureType !== 'unknown');
      expect(sigs.map((s) => s.fieldName)).toEqual(expected.map(([f]) => f));
      for (const s of sigs) {
        expect(s.signatureValid).toBe(true);
        expect(s.certificateStatus).toBe('Certificate is Trusted.');
        expect(s.signatureType).toBe('ETSI.CAdES.detached');
        expect(s.totalDocumentSigned).toBe(false);
      }
    });

    it('is judged valid by pyHanko with revocation data required, later revisions being signing, form filling and validation data only', async () => {
      const r = await pyhankoValidateRevinfo(file(), rootsFile);
      expect(r.code).toBe(0);
      expect(r.stdout.match(/The signature is judged VALID\./g)).toHaveLength(expected.length);
      expect(r.stdout).not.toMatch(
        /INVALID|ILLEGAL|incompatible with the current document modification policy/,
      );
      expect(r.stdout.match(/The TSA certificate is trusted\./g)).toHaveLength(expected.length);
    });

    it('passes qpdf --check', async () => {
      const r = await qpdfCheck(file());
      expect(r.stdout).toContain('No syntax or stream encoding errors');
      expect(r.code).toBe(0);
    });

    it('shows the applicant’s name in NFC, never NFD', async () => {
      const text = await pdfText(file());
      expect(text).toContain(NAME_NFC);
      expect(text).not.toContain(NAME_NFD);
      expect(text).toBe(text.normalize('NFC'));
    });

    it('stores every text string of the file in NFC as well', async () => {
      const strings = await textStrings(readFileSync(file()));
      expect(strings.length).toBeGreaterThan(0);
      expect(strings.filter((t) => t !== t.normalize('NFC'))).toEqual([]);
    });

    it('draws every visible signature inside its field and nowhere else', async () => {
      const { signatureFields } = await renderDocument(kind, sampleData[kind](demo) as never);
      await renderPng(file(), 1, path.join(dir, `${kind.toLowerCase()}-page1`));
      // Every field is visible, the decision's seal too (a round seal beside the approver's).
      const visible = signatureFields;
      for (const page of new Set(visible.map((f) => f.page))) {
        const prefix = path.join(dir, `${kind.toLowerCase()}-p${page}`);
        await renderPng(file(), page, prefix);
        const raster = await renderRaster(file(), page, prefix);
        const boxes = visible.filter((f) => f.page === page).map((f) => f.rect);
        for (const box of boxes) {
          const ink = redInk(raster, box, boxes);
          expect(ink.inside).toBeGreaterThan(200);
          expect(ink.outside).toBe(0);
        }
      }
    });
  },
);

it('writes each step of the control sheet into its field: giver, receiver, time, result', async () => {
  const text = squash(await pdfText(path.join(dir, 'control-sheet.pdf')));
  for (const step of demo.steps) {
    for (const line of stepLines(step)) expect(text).toContain(squash(line.normalize('NFC')));
    expect(text).toContain(STEP_RESULT_LABELS[step.result]);
  }
  expect(text).toContain(`Nhận: ${NAME_NFC} - người nộp hồ sơ`);
});

it('names the receiving officer in the desk seal’s appearance on the receipt', async () => {
  const text = squash(await pdfText(path.join(dir, 'receipt.pdf')));
  expect(text).toContain('Người tiếp nhận: Nguyễn Thị Thu Hà');
  expect(text).toContain('Ký bởi: Ủy ban nhân dân phường Sài Gòn');
});

/** The template plans a row for every handover the workflow signs: chain levels + 2. */
it('renders a control-sheet field for every row the workflow signs', async () => {
  const { steps: _own, ...data } = sampleData.CONTROL_SHEET(demo);
  const { signatureFields } = await renderDocument('CONTROL_SHEET', data);
  expect(signatureFields.map((f) => f.name)).toEqual(
    Array.from({ length: demo.procedure.chain.length + 2 }, (_, i) => `step-${i + 1}`),
  );
});

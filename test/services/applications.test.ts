/**
 * The signed electronic application on the real stack (Temporal dev server, MongoDB, a case
 * worker with the real activities): certificates for applicants, prepare → sign in the "browser"
 * (WebCrypto) → submit, and everything that must not happen on the way.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';

import {
  APPLICATION_TTL_MS,
  type ApplicationDeps,
  ApplicationError,
  type ApplicationErrorCode,
  issueApplicantCertificate,
  type PrepareApplicationInput,
  prepareApplication,
  readApplicationForm,
  type SubmissionStep,
  type SubmitApplicationInput,
  submitApplication,
  type SubmittedApplication,
  trackingTokenHash,
} from '../../services/applications';
import { deleteExpiredApplications } from '../../activities/applications/expiry';
import { renderProblem, type FieldProblem } from '../../contract/problems';
import { readDocument } from '../../activities/documents/storage';
import { loadPki, savePki, trustAnchors } from '../../activities/pki';
import { EXAMPLE_APPLICATIONS, getUnit } from '../../domain/catalogue';
import { dossierDatePart, parseDossierCode } from '../../domain/dossier-code';
import { ApplicationModel, ApplicationSubmissionModel } from '../../models/application';
import { CaseModel, procedureOf } from '../../models/case';
import { DocumentFileModel, DocumentModel } from '../../models/document';
import { OfficialModel } from '../../models/official';
import { PKI_ID, PkiModel } from '../../models/signing';
import { loadConfig } from '../../runtime/config';
import {
  generateKeyPair,
  issueCertificate,
  type PkiState,
  revokeCertificate,
  verifyPdf,
} from '../../signing';
import { caseStateQuery } from '../../workflows/messages';
import { createHarness, eventually, type Harness } from '../integration/harness';
import { validators } from '../helpers/env';
import { TEST_TMP } from '../helpers/paths';
import {
  type BrowserKey,
  type KeyKind,
  browserKey,
  browserSignature,
} from '../helpers/browser-keys';
import { testKeyPair } from '../helpers/keys';

const EXAMPLE = EXAMPLE_APPLICATIONS.find((e) => e.wardCode === 'SAIGON')!;
const SAIGON = getUnit('SAIGON')!;

let h: Harness;
let deps: ApplicationDeps;
/** Workflows this file started on its task queue (checked against Temporal's visibility). */
let started = 0;

beforeAll(async () => {
  h = await createHarness('applications');
  await h.startWorker();
  deps = { config: h.config, client: h.client };
  // Dossier codes are workflow ids on the Temporal server that every test file shares; start this
  // file's daily serials somewhere no other file's isolated database will be.
  await h.spreadDossierSerials('SAIGON');
});

afterAll(async () => {
  await h?.close();
});

// ---------------------------------------------------------------- the applicant's browser

/** What the web page does with `toBeSigned`: sign it with WebCrypto, send base64. */
async function browserSign(key: BrowserKey, toBeSignedB64: string): Promise<string> {
  const value = await browserSignature(
    key.kind,
    key.keys.privateKey,
    Buffer.from(toBeSignedB64, 'base64'),
  );
  if (key.kind === 'EC') expect(value).toHaveLength(64); // IEEE P1363 r||s
  return value.toString('base64');
}

interface Applicant {
  fullName: string;
  idNumber: string;
  phone: string;
  email?: string;
  address: string;
}

/** A key and its certificate from the development CA, as the applicant gets them. */
async function enrol(
  applicant: Pick<Applicant, 'fullName' | 'idNumber'> = EXAMPLE.applicant,
  kind: KeyKind = 'EC',
): Promise<{ key: BrowserKey; certificatePem: string }> {
  const key = await browserKey(kind);
  const issued = await issueApplicantCertificate(deps, {
    fullName: applicant.fullName,
    idNumber: applicant.idNumber,
    publicKeyPem: key.spkiPem,
  });
  return { key, certificatePem: issued.certificatePem };
}

function request(
  certificatePem: string,
  overrides: Partial<PrepareApplicationInput> = {},
): PrepareApplicationInput {
  return {
    procedureCode: EXAMPLE.procedureCode,
    wardCode: EXAMPLE.wardCode,
    applicant: { ...EXAMPLE.applicant },
    form: JSON.parse(JSON.stringify(EXAMPLE.form)) as Record<string, unknown>,
    attachedDocumentCodes: ['DON_DE_NGHI', 'GIAY_TO_DAT'],
    signerCertificatePem: certificatePem,
    ...overrides,
  };
}

/** Prepared and signed, ready to submit. */
async function signedApplication(
  kind: KeyKind = 'EC',
  at?: () => Date,
): Promise<{ applicationId: string; signature: string; key: BrowserKey; toBeSigned: string }> {
  const { key, certificatePem } = await enrol(EXAMPLE.applicant, kind);
  const prepared = await prepareApplication(
    { ...deps, ...(at ? { now: at } : {}) },
    request(certificatePem),
  );
  return {
    applicationId: prepared.applicationId,
    signature: await browserSign(key, prepared.toBeSigned),
    key,
    toBeSigned: prepared.toBeSigned,
  };
}

// ---------------------------------------------------------------- files

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  crypto.randomBytes(32),
]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), crypto.randomBytes(32)]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64)]);
let samplePdf: Buffer;

beforeAll(async () => {
  // Any PDF will do as an attachment: the rendered form of an example application.
  const { certificatePem } = await enrol();
  samplePdf = (await prepareApplication(deps, request(certificatePem))).formPdf;
});

// ---------------------------------------------------------------- assertions

async function rejection(promise: Promise<unknown>): Promise<ApplicationError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationError);
  return err as ApplicationError;
}

async function expectCode(
  promise: Promise<unknown>,
  code: ApplicationErrorCode,
): Promise<ApplicationError> {
  const err = await rejection(promise);
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  return err;
}

function fields(err: ApplicationError): string[] {
  return (err.details as Array<{ field: string }>).map((d) => d.field);
}

async function submit(input: SubmitApplicationInput, d: ApplicationDeps = deps) {
  const result = await submitApplication(d, input);
  if (!result.replayed) started++;
  return result;
}

/** The case runs: the workflow answers its query in VERIFICATION and the read model caught up. */
async function expectRunningCase(result: SubmittedApplication) {
  const handle = h.client.workflow.getHandle(result.code);
  const state = await eventually(async () => {
    const s = await handle.query(caseStateQuery);
    return s.timeline.length > 0 ? s : null;
  });
  expect(state.stage).toBe('VERIFICATION');
  expect((await handle.describe()).status.name).toBe('RUNNING');
  const doc = await eventually(async () => {
    const d = await CaseModel.findById(result.code).lean();
    return d && d.version >= 1 ? d : null;
  });
  expect(doc.trackingTokenHash).toBe(trackingTokenHash(result.trackingToken));
  expect(doc.stage).toBe('VERIFICATION');
  // The submission stored the form with the case record and the bookkeeping the procedure: the
  // history carries the form in the workflow's input only (patch "lean-history").
  expect(Object.keys(doc.form ?? {}).length).toBeGreaterThan(0);
  expect(procedureOf(doc).code).toBe(doc.procedureCode);
  const scheduled = ((await handle.fetchHistory()).events ?? []).flatMap((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (!a?.input?.payloads?.[0]?.data) return [];
    const input = JSON.parse(Buffer.from(a.input.payloads[0].data).toString('utf8'));
    return [{ type: a.activityType?.name, input }];
  });
  for (const { type, input } of scheduled.filter((x) => x.type !== 'issueDocument')) {
    expect({ type, form: input.form }).toEqual({ type, form: undefined });
  }
  return { state, doc };
}

function pdfText(pdf: Buffer, name: string): string {
  fs.mkdirSync(TEST_TMP, { recursive: true });
  const file = path.join(TEST_TMP, `${name}-${crypto.randomBytes(4).toString('hex')}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync(validators().pdftotext, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

// ---------------------------------------------------------------- the flow

describe('the two-step signed application', () => {
  test('a browser ECDSA P-256 key signs; the case starts with the signed form and attachments', async () => {
    const nfdName = EXAMPLE.applicant.fullName.normalize('NFD');
    expect(nfdName).not.toBe(EXAMPLE.applicant.fullName);
    const applicant = { ...EXAMPLE.applicant, fullName: `  ${nfdName} ` };
    const { key, certificatePem } = await enrol(applicant, 'EC');

    const prepared = await prepareApplication(deps, request(certificatePem, { applicant }));
    expect(prepared.applicationId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(prepared.digestAlgorithm).toBe('SHA-256');
    expect(Buffer.from(prepared.toBeSigned, 'base64')[0]).toBe(0x31); // DER SET OF attributes
    expect(prepared.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    const ttl = new Date(prepared.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(APPLICATION_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(APPLICATION_TTL_MS);
    expect(prepared.formPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await readApplicationForm(deps, prepared.applicationId)).pdf).toEqual(prepared.formPdf);

    const result = await submit({
      applicationId: prepared.applicationId,
      signature: await browserSign(key, prepared.toBeSigned),
      attachments: [
        { fileName: 'giay-to-dat.pdf', contentType: 'application/pdf', bytes: samplePdf },
        // Declared as a PDF, but the bytes are a PNG: stored as what it is.
        { fileName: 'ban-ve.pdf', contentType: 'application/pdf', bytes: PNG },
        { fileName: 'C:\\scans\\mat-bang.JPG', bytes: JPEG },
      ],
    });
    expect(result).toMatchObject({
      stage: 'VERIFICATION',
      replayed: false,
      links: {
        self: `/api/cases/${result.code}`,
        documents: `/api/cases/${result.code}/documents`,
      },
    });
    expect(parseDossierCode(result.code)).toMatchObject({
      agencyId: SAIGON.agencyId,
      yyMMdd: dossierDatePart(new Date()),
    });
    expect(result.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.dueAt).toMatch(/\+07:00$/);

    const { state, doc } = await expectRunningCase(result);
    expect(new Date(state.dueAt).getTime()).toBe(new Date(result.dueAt).getTime());
    expect(doc.applicant.fullName).toBe(EXAMPLE.applicant.fullName); // NFC, trimmed
    expect(state.documents.map((d) => d.kind)).toEqual([
      'APPLICATION_FORM',
      'ATTACHMENT',
      'ATTACHMENT',
      'ATTACHMENT',
    ]);

    const docs = await DocumentModel.find({ caseCode: result.code }).sort({ key: 1 }).lean();
    expect(docs.map((d) => [d.key, d.kind, d.contentType, d.fileName])).toEqual([
      [
        'application-form',
        'APPLICATION_FORM',
        'application/pdf',
        `application-form-${result.code}.pdf`,
      ],
      ['attachment-1', 'ATTACHMENT', 'application/pdf', 'giay-to-dat.pdf'],
      ['attachment-2', 'ATTACHMENT', 'image/png', 'ban-ve.png'],
      ['attachment-3', 'ATTACHMENT', 'image/jpeg', 'mat-bang.jpg'],
    ]);
    for (const d of docs) {
      const stored = await readDocument(d._id); // checks the bytes against the stored SHA-256
      expect(stored!.doc.sha256).toBe(
        crypto.createHash('sha256').update(stored!.bytes).digest('hex'),
      );
      expect(state.documents.find((r) => r.id === d._id)?.sha256).toBe(d.sha256);
    }
    expect((await readDocument(docs[2]!._id))!.bytes).toEqual(PNG);

    const form = (await readDocument(docs[0]!._id))!.bytes;
    const report = await verifyPdf(form, { trustAnchorsPem: await trustAnchors() });
    expect(report.valid).toBe(true);
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      fieldName: 'applicant',
      signerName: EXAMPLE.applicant.fullName,
      chain: 'TRUSTED',
      integrity: 'INTACT',
      // Time-stamped (B-T), then the DSS appended as an incremental update (B-LT).
      coversWholeDocument: false,
      modifiedAfterSigning: false,
      level: 'B-LT',
    });
    expect(report.signatures[0]?.timestampedAt).not.toBeNull();
    expect(docs[0]!.signatures).toEqual([
      expect.objectContaining({ signerName: EXAMPLE.applicant.fullName, role: 'APPLICANT' }),
    ]);
    const text = pdfText(form, 'application-form').normalize('NFC');
    expect(text).toContain(EXAMPLE.applicant.fullName);
    expect(pdfText(form, 'application-form')).not.toContain(nfdName);

    // The application is closed and no longer keeps the signing state.
    const app = await ApplicationModel.findById(prepared.applicationId).lean();
    expect(app).toMatchObject({ status: 'SUBMITTED', code: result.code, signingState: null });
    await expectCode(readApplicationForm(deps, prepared.applicationId), 'NOT_FOUND');
  });

  test('an RSA 2048 key signs as well', async () => {
    const { applicationId, signature } = await signedApplication('RSA');
    const result = await submit({ applicationId, signature });
    const { state } = await expectRunningCase(result);
    expect(state.documents.map((d) => d.kind)).toEqual(['APPLICATION_FORM']);
    const docs = await DocumentModel.find({ caseCode: result.code }).lean();
    const form = (await readDocument(docs[0]!._id))!.bytes;
    expect((await verifyPdf(form, { trustAnchorsPem: await trustAnchors() })).valid).toBe(true);
  });

  test('a bad signature stores nothing and starts nothing; the applicant can sign again', async () => {
    const { applicationId, key, toBeSigned } = await signedApplication('EC');
    const cases = await CaseModel.countDocuments();
    const documents = await DocumentModel.countDocuments();
    const other = await browserKey('EC'); // a key the certificate does not name
    const bad = [
      await browserSign(other, toBeSigned),
      await browserSign(key, Buffer.from('something else').toString('base64')),
      Buffer.alloc(64, 7).toString('base64'),
    ];
    for (const signature of bad) {
      const err = await expectCode(
        submitApplication(deps, { applicationId, signature }),
        'SIGNATURE_INVALID',
      );
      expect(err.status).toBe(400);
    }
    expect(await CaseModel.countDocuments()).toBe(cases);
    expect(await DocumentModel.countDocuments()).toBe(documents);
    expect(await ApplicationSubmissionModel.countDocuments({ _id: applicationId })).toBe(0);
    expect((await ApplicationModel.findById(applicationId).lean())?.status).toBe('PREPARED');

    // Not base64 at all is a field error.
    const err = await expectCode(
      submitApplication(deps, { applicationId, signature: 'not base64 !' }),
      'VALIDATION_FAILED',
    );
    expect(fields(err)).toEqual(['signature']);

    const result = await submit({ applicationId, signature: await browserSign(key, toBeSigned) });
    await expectRunningCase(result);
  });

  test('two submissions the same day get consecutive codes', async () => {
    const now = new Date();
    const at = (): Date => now;
    const first = await signedApplication('EC', at);
    const second = await signedApplication('EC', at);
    const a = await submit({ ...first }, { ...deps, now: at });
    const b = await submit({ ...second }, { ...deps, now: at });
    const pa = parseDossierCode(a.code)!;
    const pb = parseDossierCode(b.code)!;
    expect(a.code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H29-\d{6}-\d{4}$/);
    expect(pa.agencyId).toBe(SAIGON.agencyId);
    expect(pb.yyMMdd).toBe(pa.yyMMdd);
    expect(pa.yyMMdd).toBe(dossierDatePart(now));
    expect(pb.serial).toBe(pa.serial + 1);
    expect(a.trackingToken).not.toBe(b.trackingToken);
  });
});

// ---------------------------------------------------------------- idempotency and expiry

describe('idempotency and expiry', () => {
  test('the same key and request answer the same case; anything else conflicts', async () => {
    const { applicationId, signature, key, toBeSigned } = await signedApplication('EC');
    const attachments = [{ fileName: 'a.png', bytes: PNG }];
    const idempotencyKey = `key-${crypto.randomUUID()}`;
    const first = await submit({ applicationId, signature, attachments, idempotencyKey });
    const again = await submitApplication(deps, {
      applicationId,
      signature,
      attachments,
      idempotencyKey,
    });
    expect(again).toEqual({ ...first, replayed: true });
    const handle = h.client.workflow.getHandle(first.code);
    const runId = (await handle.describe()).runId;
    expect(await DocumentModel.countDocuments({ caseCode: first.code })).toBe(2);

    // Same key, different request (other files; other application): 409.
    const other = await signedApplication('EC');
    for (const conflicting of [
      { applicationId, signature, attachments: [{ fileName: 'a.png', bytes: JPEG }] },
      { applicationId, signature },
      { ...other },
    ]) {
      const err = await expectCode(
        submitApplication(deps, { ...conflicting, idempotencyKey }),
        'IDEMPOTENCY_CONFLICT',
      );
      expect(err.status).toBe(409);
    }
    // Without the key, or with another one, it is simply already submitted.
    const resigned = await browserSign(key, toBeSigned); // ECDSA: a new value
    for (const repeat of [
      { applicationId, signature, attachments },
      { applicationId, signature, attachments, idempotencyKey: `${idempotencyKey}-2` },
      { applicationId, signature: resigned },
    ]) {
      const err = await expectCode(submitApplication(deps, repeat), 'WRONG_STAGE');
      expect(err.status).toBe(409);
    }
    expect((await handle.describe()).runId).toBe(runId);
    expect(await DocumentModel.countDocuments({ caseCode: first.code })).toBe(2);
    // The other application is untouched by the conflict and can still be submitted.
    await expectRunningCase(await submit({ ...other, idempotencyKey: `${idempotencyKey}-3` }));
  });

  test('an expired application is refused, then swept away', async () => {
    const t0 = new Date();
    const later = new Date(t0.getTime() + APPLICATION_TTL_MS + 60_000);
    const expired = await signedApplication('EC', () => t0);
    const fresh = await signedApplication('EC', () => later);
    const err = await expectCode(
      submitApplication({ ...deps, now: () => later }, expired),
      'NOT_FOUND',
    );
    expect(err.details).toMatchObject({ reason: 'EXPIRED' });
    await expectCode(
      readApplicationForm({ ...deps, now: () => later }, expired.applicationId),
      'NOT_FOUND',
    );

    const report = await deleteExpiredApplications(later);
    expect(report.applications).toBeGreaterThanOrEqual(1);
    expect(await ApplicationModel.findById(expired.applicationId).lean()).toBeNull();
    expect(await ApplicationModel.findById(fresh.applicationId).lean()).not.toBeNull();
    const gone = await expectCode(
      submitApplication({ ...deps, now: () => later }, expired),
      'NOT_FOUND',
    );
    expect(gone.details).toBeUndefined();
  });
});

// ---------------------------------------------------------------- validation

describe('validation', () => {
  test('every problem of a request is reported at once', async () => {
    const stranger = await enrol({ fullName: 'Trần Thị Lan', idNumber: '079190009999' });
    const form = JSON.parse(JSON.stringify(EXAMPLE.form)) as {
      land: Record<string, unknown>;
      works: Record<string, unknown>;
      designer?: unknown;
      extra?: unknown;
    };
    form.land.area = -5;
    form.works.kind = 'NHA_O';
    delete form.designer;
    form.extra = 1;
    const err = await expectCode(
      prepareApplication(
        deps,
        request(stranger.certificatePem, {
          applicant: { ...EXAMPLE.applicant, idNumber: '07908500123', phone: '12345', email: 'x@' },
          form,
          attachedDocumentCodes: ['GIAY_TO_DAT', 'NOPE'],
        }),
      ),
      'VALIDATION_FAILED',
    );
    expect(err.status).toBe(400);
    expect(fields(err).sort()).toEqual(
      [
        'applicant.idNumber',
        'applicant.phone',
        'applicant.email',
        'form.land.area',
        'form.works.kind',
        'form.designer',
        'form.extra',
        'attachedDocumentCodes[1]',
        'signerCertificatePem', // issued to someone else (the name; the ID is not comparable)
      ].sort(),
    );
    const details = (err.details as FieldProblem[]).map((d) => renderProblem(d, 'vi'));
    expect(details.find((d) => d.field === 'form.works.kind')?.message).toMatch(
      /^Loại công trình: phải là một trong .*“công trình dân dụng”/,
    );
    expect(details.find((d) => d.field === 'form.land.area')?.message).toBe(
      'Diện tích thửa đất (m²): phải lớn hơn 0.',
    );
    expect(details.find((d) => d.field === 'applicant.idNumber')?.message).toBe(
      'Số định danh cá nhân (CCCD): không đúng định dạng. Gồm đúng 12 chữ số, ví dụ 079085001234.',
    );
    expect(details.find((d) => d.field === 'signerCertificatePem')?.message).toMatch(
      /Trần Thị Lan/,
    );
    expect(await ApplicationModel.countDocuments({ 'signer.idNumber': '079190009999' })).toBe(0);
  });

  test('the procedure must exist and the unit must be a ward', async () => {
    const { certificatePem } = await enrol();
    const err = await expectCode(
      prepareApplication(
        deps,
        request(certificatePem, { procedureCode: '1.000000.000.00.00.H29', wardCode: 'SXD' }),
      ),
      'VALIDATION_FAILED',
    );
    expect(fields(err).sort()).toEqual(['procedureCode', 'wardCode']);
  });

  test("a certificate must be the applicant's, valid, from a trusted citizens CA", async () => {
    const pki = (await loadPki())!;
    const problemsOf = async (pem: string): Promise<string[]> => {
      const err = await expectCode(prepareApplication(deps, request(pem)), 'VALIDATION_FAILED');
      expect(fields(err).every((f) => f === 'signerCertificatePem')).toBe(true);
      return (err.details as FieldProblem[]).map((d) =>
        renderProblem(d, 'en').message.replace(/^Signer certificate: /, ''),
      );
    };
    // Someone else's (correct name, another identity number).
    const other = await enrol({ fullName: EXAMPLE.applicant.fullName, idNumber: '079085009999' });
    expect(await problemsOf(other.certificatePem)).toEqual([
      expect.stringMatching(/identity number 079085009999/),
    ]);
    // Expired.
    const expired = issueCertificate(pki, h.kek, {
      profile: 'APPLICANT',
      subject: { fullName: EXAMPLE.applicant.fullName, idNumber: EXAMPLE.applicant.idNumber },
      publicKey: (await generateKeyPair('EC-P256')).publicKey,
      now: new Date(Date.now() - 3 * 86_400_000),
      validityDays: 1,
    });
    expect(await problemsOf(expired.certificatePem)).toEqual([expect.stringMatching(/expired/)]);
    // From a CA this deployment does not trust.
    const foreign = await import('../../signing').then(({ createDevelopmentPki }) =>
      createDevelopmentPki({ kek: h.kek, keyAlgorithm: 'EC-P256' }),
    );
    const untrusted = issueCertificate(foreign, h.kek, {
      profile: 'APPLICANT',
      subject: { fullName: EXAMPLE.applicant.fullName, idNumber: EXAMPLE.applicant.idNumber },
      publicKey: (await generateKeyPair('EC-P256')).publicKey,
    });
    expect(await problemsOf(untrusted.certificatePem + untrusted.chainPems.join(''))).toEqual([
      expect.stringMatching(/not issued by a certification authority this deployment trusts/),
    ]);
    // An official's certificate: trusted root, but the officials' CA does not certify applicants.
    const official = await OfficialModel.findById('receiver.saigon').lean();
    const messages = await problemsOf(official!.signing!.certificatePem);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/officials CA/),
        expect.stringMatching(/identity number/),
      ]),
    );
    // Revoked between prepare and submit: refused at both.
    const revoked = await enrol();
    const prepared = await prepareApplication(deps, request(revoked.certificatePem));
    const signature = await browserSign(revoked.key, prepared.toBeSigned);
    const stored = (await PkiModel.findById(PKI_ID).lean())!;
    const state = revokeCertificate(stored.state as unknown as PkiState, revoked.certificatePem);
    expect(await savePki(state, stored.revision)).toBe(true);
    expect(await problemsOf(revoked.certificatePem)).toEqual(['has been revoked.']);
    await expectCode(
      submitApplication(deps, { applicationId: prepared.applicationId, signature }),
      'SIGNATURE_INVALID',
    );
    expect(await ApplicationSubmissionModel.countDocuments({ _id: prepared.applicationId })).toBe(
      0,
    );

    expect(
      await problemsOf('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'),
    ).toEqual(['is not a PEM X.509 certificate.']);
  });

  test('attachments are checked by their bytes, size and number', async () => {
    const { applicationId, signature } = await signedApplication('EC');
    const unsupported = await expectCode(
      submitApplication(deps, {
        applicationId,
        signature,
        attachments: [
          { fileName: 'ok.png', bytes: PNG },
          { fileName: 'scan.pdf', contentType: 'application/pdf', bytes: EXE },
        ],
      }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(unsupported.status).toBe(415);
    expect(fields(unsupported)).toEqual(['attachments[1]']);

    const big = Buffer.concat([samplePdf, Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await expectCode(
      submitApplication(deps, {
        applicationId,
        signature,
        attachments: [{ fileName: 'big.pdf', bytes: big }],
      }),
      'TOO_LARGE',
    );
    expect(tooLarge.status).toBe(413);
    const many = Array.from({ length: 21 }, (_, i) => ({ fileName: `${i}.png`, bytes: PNG }));
    const tooMany = await expectCode(
      submitApplication(deps, { applicationId, signature, attachments: many }),
      'VALIDATION_FAILED',
    );
    expect(fields(tooMany)).toEqual(['attachments']);
    const empty = await expectCode(
      submitApplication(deps, {
        applicationId,
        signature,
        attachments: [{ fileName: 'e.pdf', bytes: Buffer.alloc(0) }],
      }),
      'VALIDATION_FAILED',
    );
    expect(fields(empty)).toEqual(['attachments[0]']);
    // Nothing of this was stored; the application is still waiting.
    expect(await ApplicationSubmissionModel.countDocuments({ _id: applicationId })).toBe(0);
    expect((await ApplicationModel.findById(applicationId).lean())?.status).toBe('PREPARED');
  });

  test('an unknown application is NOT_FOUND', async () => {
    const err = await expectCode(
      submitApplication(deps, { applicationId: 'AAAAAAAAAAAAAAAAAAAAAA', signature: 'AAAA' }),
      'NOT_FOUND',
    );
    expect(err.status).toBe(404);
  });
});

// ---------------------------------------------------------------- applicant certificates

describe('certificates for applicants', () => {
  test('certifies an RSA or EC P-256 key for a 12-digit identity number', async () => {
    const key = await browserKey('EC');
    const issued = await issueApplicantCertificate(deps, {
      fullName: 'Nguyễn Thị Hoa'.normalize('NFD'),
      idNumber: '079190001234',
      publicKeyPem: key.spkiPem,
    });
    const cert = new crypto.X509Certificate(issued.certificatePem);
    expect(cert.subject).toContain('CN=Nguyễn Thị Hoa');
    expect(cert.subject).toContain('serialNumber=CCCD:079190001234');
    expect(issued.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(cert.verify(new crypto.X509Certificate(issued.chainPem).publicKey)).toBe(true);

    const weak = testKeyPair('rsa', { modulusLength: 1024 }).publicKey;
    const p384 = testKeyPair('ec', { namedCurve: 'secp384r1' }).publicKey;
    for (const [input, expected] of [
      [{ fullName: 'A', idNumber: '1234', publicKeyPem: key.spkiPem }, ['fullName', 'idNumber']],
      [
        {
          fullName: 'Nguyễn Hoa',
          idNumber: '079190001234',
          publicKeyPem: weak.export({ type: 'spki', format: 'pem' }),
        },
        ['publicKeyPem'],
      ],
      [
        {
          fullName: 'Nguyễn Hoa',
          idNumber: '079190001234',
          publicKeyPem: p384.export({ type: 'spki', format: 'pem' }),
        },
        ['publicKeyPem'],
      ],
      [
        { fullName: 'Nguyễn Hoa', idNumber: '079190001234', publicKeyPem: issued.certificatePem },
        ['publicKeyPem'],
      ],
    ] as const) {
      const err = await expectCode(
        issueApplicantCertificate(deps, { ...input } as never),
        'VALIDATION_FAILED',
      );
      expect(fields(err)).toEqual(expected);
    }
  });

  test('is refused in production', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      KEY_ENCRYPTION_KEY: crypto.randomBytes(48).toString('base64'),
      AUTH_TOKEN_SECRET: crypto.randomBytes(32).toString('hex'),
      MONGODB_URI: h.mongoUri,
      TEMPORAL_ADDRESS: h.config.temporal.address,
    });
    expect(production.demo.enabled).toBe(false);
    const key = await browserKey('EC');
    const err = await expectCode(
      issueApplicantCertificate(
        { config: production },
        { fullName: 'Nguyễn Thị Hoa', idNumber: '079190001234', publicKeyPem: key.spkiPem },
      ),
      'FORBIDDEN',
    );
    expect(err.status).toBe(403);
  });
});

// ---------------------------------------------------------------- crashes and outages

/** Deps whose submission stops for good at `step`, as if the process died there. */
function crashingAt(step: SubmissionStep): { deps: ApplicationDeps; reached: Promise<string> } {
  let reached!: (code: string) => void;
  const promise = new Promise<string>((resolve) => (reached = resolve));
  return {
    deps: {
      ...deps,
      onStep: (s, at) => {
        if (s !== step) return undefined;
        reached(at.code);
        return new Promise(() => undefined); // never returns
      },
    },
    reached: promise,
  };
}

describe('crashes and outages', () => {
  test('Temporal down: DEPENDENCY_UNAVAILABLE; the same request later finishes the same case', async () => {
    const { applicationId, signature } = await signedApplication('EC');
    const attachments = [{ fileName: 'a.pdf', bytes: samplePdf }];
    const down = new Client({
      connection: Connection.lazy({ address: '127.0.0.1:1' }),
    });
    const err = await expectCode(
      submitApplication(
        { ...deps, client: down, temporalTimeoutMs: 2000 },
        { applicationId, signature, attachments },
      ),
      'DEPENDENCY_UNAVAILABLE',
    );
    expect(err.status).toBe(503);
    const record = await ApplicationSubmissionModel.findById(applicationId).lean();
    expect(record?.code).toBeTruthy();
    // Nothing is removed on failure.
    expect(await DocumentModel.countDocuments({ caseCode: record!.code })).toBe(2);

    const result = await submit({ applicationId, signature, attachments });
    expect(result.code).toBe(record!.code);
    await expectRunningCase(result);
    expect(await DocumentModel.countDocuments({ caseCode: result.code })).toBe(2);
  });

  test.each(['code-allocated', 'documents-stored', 'case-created', 'workflow-started'] as const)(
    'a crash after %s: repeating the request finishes the same case once',
    async (step) => {
      const { applicationId, signature } = await signedApplication('EC');
      const attachments = [{ fileName: 'a.png', bytes: PNG }];
      const idempotencyKey = crypto.randomUUID();
      const crash = crashingAt(step);
      void submitApplication(crash.deps, { applicationId, signature, attachments, idempotencyKey });
      const code = await crash.reached;

      const result = await submit({ applicationId, signature, attachments, idempotencyKey });
      expect(result.code).toBe(code);
      await expectRunningCase(result);
      expect(await DocumentModel.countDocuments({ caseCode: code })).toBe(2);
      const replay = await submitApplication(deps, {
        applicationId,
        signature,
        attachments,
        idempotencyKey,
      });
      expect(replay).toEqual({ ...result, replayed: true });
    },
  );

  test.each(['code-allocated', 'documents-stored', 'case-created', 'workflow-started'] as const)(
    'a failure right after %s, repeated: one case, one code, one set of documents',
    async (step) => {
      const { applicationId, signature } = await signedApplication('EC');
      const attachments = [
        { fileName: 'a.png', bytes: PNG },
        { fileName: 'b.jpg', bytes: JPEG },
      ];
      const idempotencyKey = crypto.randomUUID();
      let interruptedAt: string | null = null;
      const failingOnce: ApplicationDeps = {
        ...deps,
        onStep: (s, at) => {
          if (s !== step || interruptedAt) return;
          interruptedAt = at.code;
          throw new Error(`interrupted after ${step}`);
        },
      };
      const request = { applicationId, signature, attachments, idempotencyKey };
      await expect(submitApplication(failingOnce, request)).rejects.toThrow(`after ${step}`);
      const result = await submit(request, failingOnce);
      expect(result.code).toBe(interruptedAt);

      const { state } = await expectRunningCase(result);
      expect(await ApplicationSubmissionModel.countDocuments({ _id: applicationId })).toBe(1);
      expect((await ApplicationModel.findById(applicationId).lean())?.code).toBe(result.code);
      const docs = await DocumentModel.find({ caseCode: result.code }).sort({ key: 1 }).lean();
      expect(docs.map((d) => d.key)).toEqual(['application-form', 'attachment-1', 'attachment-2']);
      expect(state.documents.map((d) => d.id).sort()).toEqual(docs.map((d) => d._id).sort());
      // One stored file per document: nothing was stored twice.
      expect(await DocumentFileModel.countDocuments({ caseCode: result.code })).toBe(3);
      const runs = `WorkflowId = '${result.code}'`;
      await eventually(async () => (await h.client.workflow.count(runs)).count > 0);
      expect((await h.client.workflow.count(runs)).count).toBe(1);
      expect(await submitApplication(deps, request)).toEqual({ ...result, replayed: true });
    },
  );

  test('the same request twice at once: both answer the one case', async () => {
    const { applicationId, signature } = await signedApplication('EC');
    const request = {
      applicationId,
      signature,
      attachments: [{ fileName: 'a.png', bytes: PNG }],
      idempotencyKey: crypto.randomUUID(),
    };
    const [a, b] = await Promise.all([
      submitApplication(deps, request),
      submitApplication(deps, request),
    ]);
    started++;
    expect({ ...b, replayed: false }).toEqual({ ...a, replayed: false });
    expect([a.replayed, b.replayed]).toContain(false);
    await expectRunningCase(a);
    expect(await DocumentModel.countDocuments({ caseCode: a.code })).toBe(2);
    expect(await DocumentFileModel.countDocuments({ caseCode: a.code })).toBe(2);
  });

  test('a different request cannot take a submission over; repeating the first finishes it', async () => {
    // A crash after the case document, then the applicant signs again (a new ECDSA value). No
    // claim is released and nothing removed any more: the first request whose signature verified
    // is the submission, even after the application's expiry, and the sweep keeps it.
    const { applicationId, signature, key, toBeSigned } = await signedApplication('EC');
    const attachments = [{ fileName: 'a.png', bytes: PNG }];
    const crash = crashingAt('case-created');
    void submitApplication(crash.deps, { applicationId, signature, attachments });
    const code = await crash.reached;
    const resigned = await browserSign(key, toBeSigned);
    const later = new Date(Date.now() + APPLICATION_TTL_MS + 60_000);
    for (const d of [deps, { ...deps, now: () => later }]) {
      const err = await expectCode(
        submitApplication(d, { applicationId, signature: resigned }),
        'WRONG_STAGE',
      );
      expect(err.details).toEqual({ status: 'SUBMITTING' });
    }
    await deleteExpiredApplications(later);
    expect(await ApplicationModel.findById(applicationId).lean()).not.toBeNull();
    expect(await DocumentModel.countDocuments({ caseCode: code })).toBe(2);

    const result = await submit(
      { applicationId, signature, attachments },
      { ...deps, now: () => later },
    );
    expect(result.code).toBe(code);
    const { state } = await expectRunningCase(result);
    expect(state.documents.map((d) => d.kind)).toEqual(['APPLICATION_FORM', 'ATTACHMENT']);
  });

  test('Temporal holds exactly the cases this file started', async () => {
    // Cases only: each notification of theirs is a delivery workflow on the same queue.
    const query = `TaskQueue = '${h.taskQueue}' AND WorkflowType = 'caseWorkflow'`;
    const count = async (): Promise<number> => (await h.client.workflow.count(query)).count;
    await eventually(async () => (await count()) === started);
    expect(await count()).toBe(started);
    expect(started).toBeGreaterThan(10);
  });
});

/**
 * Step 2 of a signed application: embed and check the applicant's signature, store the signed
 * form and the attachments, and start the case.
 *
 * Nothing is written before the signature verifies. Then the submission runs these steps, each
 * keyed so that running it again finds what an earlier run did:
 *
 *   code-allocated    the submission record, `_id` = application id: the dossier code (a daily
 *                     serial), the request's hash, the reception time, the tracking token's salt;
 *                     one insert, so a concurrent second run finds the first's record
 *   documents-stored  `application-form`, `attachment-1`…: ids derived from (code, key); the same
 *                     bytes again are found, other bytes under the same id refused
 *   case-created      the read-model document, `_id` = code, with the tracking token's hash
 *   workflow-started  Update-with-Start of the workflow (id = code, USE_EXISTING) with the
 *                     `opened` Update, which answers once the case is in the read model
 *   completed         the application marked submitted, its signing state dropped
 *
 * The tracking token is derived (HMAC under a key from the KEK) from the record's salt, so a
 * repeated request gets the same token; the case keeps its hash, and the token sealed under the
 * KEK for the links sent to the applicant (tracking-token.ts). Repeating the same request (same
 * signature and files) after a failure or a crash at any point, or while it still runs, runs the
 * steps again and arrives at the same code, documents, case and token. A different request for
 * an application that has a record is refused: the first verified request is the submission.
 * Nothing is removed on failure; an application whose submission is never repeated keeps what it
 * stored (expiry.ts).
 */
import crypto from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateStage } from '@temporalio/client';
import { say } from '../../contract/messages';
import { problemAt } from '../../contract/problems';
import { SubmitFields, SubmitHeaders } from '../../contract/schemas';
import { addWorkingDays, toVnIsoString } from '../../domain/calendar';
import { getProcedure, getUnit } from '../../domain/catalogue';
import { dossierSerialKey, formatDossierCode } from '../../domain/dossier-code';
import type { Applicant } from '../../domain/types';
import {
  ApplicationModel,
  ApplicationSubmissionModel,
  IdempotencyRecordModel,
  type ApplicationDoc,
  type ApplicationSubmissionDoc,
} from '../../models/application';
import { CaseModel } from '../../models/case';
import { nextSequence } from '../../models/counter';
import { DocumentModel, documentIdFor, type DocumentDoc } from '../../models/document';
import {
  addValidationData,
  completeSignature,
  isSigningError,
  parseKek,
  type SigningState,
  verifyPdf,
} from '../../signing';
import type { caseWorkflow } from '../../workflows';
import { isWholeCase, openedUpdate } from '../../workflows/messages';
import type { CaseInput, DocumentRef, SignatureRef } from '../../workflows/state';
import { toDocumentRef } from '../../activities/documents/issue';
import { deleteFile, findDocument, putFile, sha256 } from '../../activities/documents/storage';
import { loadPki, trustServices } from '../../activities/pki';
import { checkAttachments, type CheckedAttachment } from './attachments';
import {
  ApplicationError,
  asApplicationError,
  type FieldProblem,
  validationFailed,
} from './errors';
import { checkSignerCertificate } from './signer-certificate';
import { sealTrackingToken } from '../../activities/applications/tracking-token';
import {
  clock,
  type ApplicationDeps,
  type SubmissionStep,
  type SubmitApplicationInput,
  type SubmittedApplication,
} from './types';
import { isDuplicateKey } from '../../models/db';

/** Default of `ApplicationDeps.temporalTimeoutMs`. */
export const TEMPORAL_TIMEOUT_MS = 10_000;
/** How long a submission waits for its case's first event once the workflow took the Update. */
const OPENED_TIMEOUT_MS = 60_000;
const MAX_SIGNATURE_BYTES = 1024;

interface StoredInput {
  procedureCode: string;
  wardCode: string;
  applicant: Applicant;
  form: Record<string, unknown>;
  attachedDocumentCodes: string[];
}

/** Everything one run of a submission works with. */
interface Submission {
  deps: ApplicationDeps;
  now: Date;
  app: ApplicationDoc;
  input: StoredInput;
  signature: Buffer;
  attachments: CheckedAttachment[];
  record: ApplicationSubmissionDoc;
  /** The signed form when this request has just made it. */
  signedPdf?: Buffer;
}

// ---------------------------------------------------------------- request

function decodeSignature(raw: unknown, problems: FieldProblem[]): Buffer {
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push(problemAt(SubmitFields, ['signature'], 'rule.required'));
    return Buffer.alloc(0);
  }
  const text = raw.replace(/\s+/g, '');
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
    ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    : Buffer.alloc(0);
  if (bytes.length === 0 || bytes.length > MAX_SIGNATURE_BYTES) {
    problems.push(problemAt(SubmitFields, ['signature'], 'rule.format'));
  }
  return bytes;
}

function checkIdempotencyKey(raw: unknown, problems: FieldProblem[]): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(raw)) {
    problems.push({
      ...problemAt(SubmitHeaders, ['idempotency-key'], 'rule.format'),
      field: 'idempotencyKey',
    });
    return undefined;
  }
  return raw;
}

/** What makes two requests "the same": application, signature value, and every file. */
export function requestHash(
  applicationId: string,
  signature: Buffer,
  attachments: readonly CheckedAttachment[],
): string {
  const h = crypto.createHash('sha256').update(`motcua/submit/v1\0${applicationId}\0`);
  h.update(`${signature.toString('base64')}\0${attachments.length}\0`);
  for (const a of attachments) h.update(`${a.fileName}\0${a.contentType}\0${sha256(a.bytes)}\0`);
  return h.digest('hex');
}

// ---------------------------------------------------------------- answers

function trackingToken(kek: Buffer, record: ApplicationSubmissionDoc): string {
  const key = crypto.hkdfSync(
    'sha256',
    kek,
    Buffer.from(record.tokenSalt, 'base64url'),
    'motcua/tracking-token/v1',
    32,
  );
  return crypto
    .createHmac('sha256', Buffer.from(key))
    .update(`${record._id}\0${record.code}`)
    .digest('base64url');
}

export const trackingTokenHash = (token: string): string =>
  crypto.createHash('sha256').update(token).digest('hex');

function answer(
  deps: ApplicationDeps,
  record: ApplicationSubmissionDoc,
  replayed: boolean,
): SubmittedApplication {
  const { code } = record;
  return {
    code,
    trackingToken: trackingToken(parseKek(deps.config.keyEncryptionKey), record),
    stage: 'VERIFICATION',
    dueAt: record.dueAt,
    links: { self: `/api/cases/${code}`, documents: `/api/cases/${code}/documents` },
    replayed,
  };
}

const alreadySubmitted = (): ApplicationError =>
  new ApplicationError('WRONG_STAGE', say('application.alreadySubmitted'), {
    status: 'SUBMITTED',
  });

const inProgress = (): ApplicationError =>
  new ApplicationError('WRONG_STAGE', say('application.inProgress'), { status: 'SUBMITTING' });

// ---------------------------------------------------------------- signature

/** A time-stamping or revocation service failed: the citizen may repeat the request (503). */
function trustServiceError(err: unknown): unknown {
  if (isSigningError(err, 'TIMESTAMP_FAILED') || isSigningError(err, 'REVOCATION_UNAVAILABLE')) {
    return new ApplicationError('DEPENDENCY_UNAVAILABLE', say('trust.servicesUnavailable'));
  }
  return err;
}

/**
 * The signed application form: the applicant's signature embedded with a signature time-stamp
 * from the deployment's TSA (B-T), checked, then the DSS with its chain's revocation data (B-LT),
 * like every document the deployment issues.
 */
async function signedForm(
  deps: ApplicationDeps,
  app: ApplicationDoc,
  signature: Buffer,
  now: Date,
  trustAnchorsPem: readonly string[],
): Promise<Buffer> {
  if (!app.signingState) throw new ApplicationError('NOT_FOUND', say('application.notSignable'));
  const services = await trustServices(parseKek(deps.config.keyEncryptionKey), deps.config.tsa);
  let pdf: Buffer;
  try {
    pdf = await completeSignature(app.signingState as unknown as SigningState, signature, {
      timestamper: services.timestamper,
    });
  } catch (err) {
    if (isSigningError(err, 'SIGNATURE_INVALID')) {
      throw new ApplicationError('SIGNATURE_INVALID', say('application.signatureMismatch'));
    }
    throw trustServiceError(err);
  }
  const report = await verifyPdf(pdf, { trustAnchorsPem, now });
  if (!report.valid || report.signatures.length !== 1) {
    throw new ApplicationError('SIGNATURE_INVALID', say('application.signedFormInvalid'), {
      errors: report.signatures.flatMap((s) => s.errors),
    });
  }
  try {
    return await addValidationData(pdf, {
      revocation: services.revocation,
      extraCertificatesPem: services.extraCertificatesPem,
    });
  } catch (err) {
    throw trustServiceError(err);
  }
}

async function anchors(): Promise<readonly string[]> {
  const pki = await loadPki();
  if (!pki) throw new Error('the PKI has not been set up');
  return pki.trustAnchorsPem;
}

/**
 * The signed form of a first request, once the signer's certificate is still valid (not expired
 * or revoked since it was prepared; with the intermediates the applicant supplied, as at
 * preparation) and the signature verifies.
 */
async function verifiedForm(
  deps: ApplicationDeps,
  app: ApplicationDoc,
  signature: Buffer,
  now: Date,
): Promise<Buffer> {
  const pki = await loadPki();
  if (!pki) throw new Error('the PKI has not been set up');
  const state = app.signingState as unknown as SigningState | null;
  const signer = checkSignerCertificate(
    state ? [state.signerCertificatePem, ...state.chainPems].join('') : undefined,
    { idNumber: app.signer.idNumber },
    pki,
    now,
    [],
  );
  if (!signer) {
    throw new ApplicationError('SIGNATURE_INVALID', say('application.certificateNoLongerValid'));
  }
  return signedForm(deps, app, signature, now, pki.trustAnchorsPem);
}

// ---------------------------------------------------------------- steps

async function step(s: Submission, name: SubmissionStep): Promise<void> {
  await s.deps.onStep?.(name, { applicationId: s.app._id, code: s.record.code });
}

/**
 * The submission record with a new dossier code, or the record an earlier (or concurrent) run
 * made first — then the serial taken here is a gap.
 */
async function recordSubmission(
  fresh: Omit<ApplicationSubmissionDoc, 'code' | 'createdAt' | 'updatedAt'>,
  agencyId: string,
): Promise<ApplicationSubmissionDoc> {
  const serial = await nextSequence(dossierSerialKey(agencyId, fresh.receivedAt));
  const code = formatDossierCode(agencyId, fresh.receivedAt, serial);
  try {
    return (await ApplicationSubmissionModel.create({ ...fresh, code })).toObject();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const first = await ApplicationSubmissionModel.findById(
      fresh._id,
    ).lean<ApplicationSubmissionDoc>();
    if (!first) throw err;
    return first;
  }
}

export interface NewDocument {
  key: string;
  kind: DocumentDoc['kind'];
  title: string;
  contentType: string;
  fileName: string;
  bytes: Buffer;
  signatures: SignatureRef[];
}

/**
 * Stores one document of the case once: a repeated step finds it by (case, key). Other bytes
 * under the same (case, key) are refused, unless `firstWins`: then the stored document is it.
 */
export async function storeDocument(
  code: string,
  d: NewDocument,
  options: { firstWins?: boolean } = {},
): Promise<DocumentRef> {
  const found = await findDocument(code, d.key);
  if (found) {
    if (found.sha256 !== sha256(d.bytes) && !options.firstWins)
      throw new Error(`document ${d.key} of ${code} differs from this one`);
    return toDocumentRef(found);
  }
  const stored = await putFile(d.bytes, d.fileName, { caseCode: code, key: d.key }, d.contentType);
  try {
    const doc = await DocumentModel.create({
      _id: documentIdFor(code, d.key),
      caseCode: code,
      key: d.key,
      kind: d.kind,
      title: d.title,
      contentType: d.contentType,
      fileName: d.fileName,
      ...stored,
      signatures: d.signatures,
      versions: [{ ...stored, key: d.key, createdAt: new Date() }],
      appliedKeys: [],
    });
    return toDocumentRef(doc.toObject());
  } catch (err) {
    await deleteFile(stored.fileId);
    if (!isDuplicateKey(err)) throw err;
    const winner = await findDocument(code, d.key, { legacy: true });
    return toDocumentRef(winner as DocumentDoc);
  }
}

/**
 * The signed form, stored once: the first run's form is the submission's (a form made again has
 * another time-stamp, so its bytes differ), made again only when no run stored it.
 */
async function storeForm(s: Submission): Promise<DocumentRef> {
  const { code } = s.record;
  const stored = await findDocument(code, 'application-form');
  if (stored) return toDocumentRef(stored);
  const bytes =
    s.signedPdf ?? (await signedForm(s.deps, s.app, s.signature, s.now, await anchors()));
  return storeDocument(
    code,
    {
      key: 'application-form',
      kind: 'APPLICATION_FORM',
      title: s.app.formTitle,
      contentType: 'application/pdf',
      fileName: `application-form-${code}.pdf`,
      bytes,
      signatures: [
        {
          signerName: s.app.signer.name,
          role: 'APPLICANT',
          signedAt: new Date(s.app.signingTime).toISOString(),
        },
      ],
    },
    { firstWins: true },
  );
}

async function storeDocuments(s: Submission): Promise<DocumentRef[]> {
  const refs = [await storeForm(s)];
  for (const [i, a] of s.attachments.entries()) {
    refs.push(
      await storeDocument(s.record.code, {
        key: `attachment-${i + 1}`,
        kind: 'ATTACHMENT',
        title: `Tệp đính kèm ${i + 1}: ${a.fileName}`,
        contentType: a.contentType,
        fileName: a.fileName,
        bytes: a.bytes,
        signatures: [],
      }),
    );
  }
  return refs;
}

/**
 * The case record, with the form (validated at preparation): the workflow is told so
 * (`formStored`) and does not carry the form into its first event again.
 */
async function createCaseDocument(
  code: string,
  token: { hash: string; sealed: string },
  attachedDocumentCodes: readonly string[],
  form: Record<string, unknown>,
): Promise<void> {
  try {
    await CaseModel.create({
      _id: code,
      code,
      version: 0,
      trackingTokenHash: token.hash,
      trackingTokenSealed: token.sealed,
      attachedDocumentCodes: [...attachedDocumentCodes],
      form,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Made by an earlier run of this submission (perhaps by a version that did not store the form).
    await CaseModel.updateOne({ _id: code }, { $set: { form } });
  }
}

/** Runs a Temporal call within the deps' time limit (connecting included), or `limitMs`. */
function withinLimit<R>(deps: ApplicationDeps, fn: () => Promise<R>, limitMs?: number): Promise<R> {
  const ms = limitMs ?? deps.temporalTimeoutMs ?? TEMPORAL_TIMEOUT_MS;
  return deps.client
    .withAbortSignal(AbortSignal.timeout(ms), () => deps.client.withDeadline(Date.now() + ms, fn))
    .catch((err: unknown) => {
      throw asApplicationError(err, 'caseEngine');
    });
}

/**
 * Starts the case, or finds it started by an earlier run, and waits until it is in the read model
 * (read-your-writes: the applicant can read it and the desk act on it the moment the 201 arrives).
 * The Update is taken within the usual limit; its work (the first bookkeeping) gets longer.
 */
async function startCase(s: Submission, documents: DocumentRef[]): Promise<void> {
  const { client, config } = s.deps;
  const { code, receivedAt } = s.record;
  const input: CaseInput = {
    code,
    procedureCode: s.input.procedureCode,
    wardCode: s.input.wardCode,
    applicant: s.input.applicant,
    form: s.input.form,
    formStored: true,
    submittedAt: new Date(receivedAt).toISOString(),
    channel: 'ONLINE',
    documents,
  };
  const opened = await withinLimit(s.deps, () =>
    client.workflow.startUpdateWithStart(openedUpdate, {
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
        taskQueue: config.temporal.taskQueue,
        workflowId: code,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
        memo: { applicationId: s.app._id },
      }),
    }),
  );
  const answer = await withinLimit(s.deps, () => opened.result(), OPENED_TIMEOUT_MS);
  // The case as its first event left it: the answer itself from a run before patch
  // "lean-history", otherwise the read model, which has it by then.
  const state = isWholeCase(answer)
    ? answer
    : await CaseModel.findById(code, { submittedAt: 1, applicant: 1 }).lean();
  // A running workflow of that id that is not this submission's (codes are unique per database).
  if (
    !state ||
    new Date(state.submittedAt).getTime() !== new Date(receivedAt).getTime() ||
    state.applicant.idNumber !== s.input.applicant.idNumber
  ) {
    throw new Error(`workflow ${code} exists and was not started by this application`);
  }
}

/** The application is closed: its code recorded, its signing state no longer kept. */
async function markSubmitted(record: ApplicationSubmissionDoc): Promise<void> {
  await ApplicationModel.updateOne(
    { _id: record._id },
    {
      $set: {
        status: 'SUBMITTED',
        code: record.code,
        submittedAt: record.receivedAt,
        signingState: null,
      },
    },
  );
}

async function run(s: Submission): Promise<SubmittedApplication> {
  const { deps, record } = s;
  await step(s, 'code-allocated');
  const documents = await storeDocuments(s);
  await step(s, 'documents-stored');
  const kek = parseKek(deps.config.keyEncryptionKey);
  const token = trackingToken(kek, record);
  await createCaseDocument(
    record.code,
    { hash: trackingTokenHash(token), sealed: sealTrackingToken(kek, record.code, token) },
    s.input.attachedDocumentCodes ?? [],
    s.input.form,
  );
  await step(s, 'case-created');
  await startCase(s, documents);
  await step(s, 'workflow-started');
  await markSubmitted(record);
  await step(s, 'completed');
  return answer(deps, record, false);
}

// ---------------------------------------------------------------- the service

/**
 * Submits a prepared application. See the module comment for the steps and API.md for the
 * answers; errors are {@link ApplicationError}s:
 *
 * - VALIDATION_FAILED: a missing or malformed signature, bad attachment list, bad key;
 * - TOO_LARGE / UNSUPPORTED_MEDIA_TYPE: an attachment over 10 MB / not PDF, JPEG or PNG;
 * - NOT_FOUND: no such application, or it expired (`details.reason: 'EXPIRED'`);
 * - SIGNATURE_INVALID: the value does not verify or the signed form does not validate — nothing
 *   is stored or started, and the application stays open for another try;
 * - IDEMPOTENCY_CONFLICT: the key was used with a different request;
 * - WRONG_STAGE: already submitted (without the key of that submission), or being submitted by
 *   another request (which, repeated, finishes it);
 * - DEPENDENCY_UNAVAILABLE: Temporal or MongoDB is down; repeat the same request later.
 */
export async function submitApplication(
  deps: ApplicationDeps,
  request: SubmitApplicationInput,
): Promise<SubmittedApplication> {
  const now = clock(deps);
  const problems: FieldProblem[] = [];
  const applicationId = request?.applicationId;
  if (typeof applicationId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(applicationId))
    throw new ApplicationError('NOT_FOUND', say('application.notFound'));
  const signature = decodeSignature(request.signature, problems);
  const key = checkIdempotencyKey(request.idempotencyKey, problems);
  if (problems.length > 0) throw validationFailed(problems);
  const attachments = await checkAttachments(request.attachments);
  if (deps.workerAvailable && !(await deps.workerAvailable().catch(() => false))) {
    throw new ApplicationError('DEPENDENCY_UNAVAILABLE', say('application.noWorker'));
  }

  try {
    const app = await ApplicationModel.findById(applicationId).lean();
    if (!app) throw new ApplicationError('NOT_FOUND', say('application.notFound'));
    const input = JSON.parse(app.input) as StoredInput;
    const procedure = getProcedure(input.procedureCode);
    const ward = getUnit(input.wardCode);
    if (!procedure || !ward) throw new Error(`application ${app._id} names an unknown unit`);
    const hash = requestHash(app._id, signature, attachments);

    const keyId = key === undefined ? undefined : `submit:${key}`;
    let keyRecord = keyId ? await IdempotencyRecordModel.findById(keyId).lean() : null;
    if (keyRecord && keyRecord.requestHash !== hash) {
      throw new ApplicationError('IDEMPOTENCY_CONFLICT', say('error.IDEMPOTENCY_CONFLICT'));
    }
    const bindKey = async (): Promise<void> => {
      if (!keyId || keyRecord) return;
      try {
        await IdempotencyRecordModel.create({ _id: keyId, requestHash: hash, applicationId });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        keyRecord = await IdempotencyRecordModel.findById(keyId).lean();
        if (keyRecord && keyRecord.requestHash !== hash) {
          throw new ApplicationError('IDEMPOTENCY_CONFLICT', say('error.IDEMPOTENCY_CONFLICT'));
        }
      }
    };

    let record = await ApplicationSubmissionModel.findById(
      app._id,
    ).lean<ApplicationSubmissionDoc>();
    let signedPdf: Buffer | undefined;
    if (!record) {
      if (app.status !== 'PREPARED') throw alreadySubmitted();
      if (app.expiresAt <= now) {
        throw new ApplicationError('NOT_FOUND', say('application.expired'), {
          reason: 'EXPIRED',
          expiredAt: toVnIsoString(app.expiresAt),
        });
      }
      signedPdf = await verifiedForm(deps, app, signature, now);
      await bindKey();
      record = await recordSubmission(
        {
          _id: app._id,
          requestHash: hash,
          idempotencyKey: key ?? null,
          receivedAt: now,
          dueAt: toVnIsoString(addWorkingDays(now, procedure.totalWorkingDays)),
          tokenSalt: crypto.randomBytes(16).toString('base64url'),
        },
        ward.agencyId,
      );
    }
    if (record.requestHash !== hash) {
      throw app.status === 'SUBMITTED' ? alreadySubmitted() : inProgress();
    }
    if (app.status === 'SUBMITTED') {
      if (key === undefined || (record.idempotencyKey !== key && !keyRecord))
        throw alreadySubmitted();
      return answer(deps, record, true);
    }
    await bindKey();
    return await run({ deps, now, app, input, signature, attachments, record, signedPdf });
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

/**
 * Step 2 of a signed application: embed and check the applicant's signature, store the signed
 * form and the attachments, and start the case.
 *
 * Nothing is written before the signature verifies. Then the submission is *claimed* (one
 * insert keyed by the application id) and runs these steps, each of which can be repeated:
 *
 *   code-allocated    a daily serial, bound to the claim by an insert (`application_codes`)
 *   documents-stored  `application-form`, `attachment-1`…: unique per case and key
 *   case-created      the read-model document with the tracking token's hash
 *   workflow-started  workflow id = dossier code; "already started" by this application = done;
 *                     then the `opened` Update waits until the case is in the read model
 *   completed         the claim and the application marked, the signing state dropped
 *
 * The tracking token is derived (HMAC under a key from the KEK) from a salt kept in the claim, so
 * a repeated request gets the same token; the case keeps its hash, and the token sealed under
 * the KEK for the links sent to the applicant (tracking-token.ts). Repeating the same request
 * (same signature and files) after a failure or a crash resumes the claim. A failure before the
 * workflow start is attempted releases the claim and removes what it stored; a claim
 * abandoned by a crash is released by a later, different request or by the sweep after
 * `STALE_CLAIM_MS`. Once the start has been attempted nothing is removed, so a started case
 * always has its stored form.
 */
import crypto from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateStage } from '@temporalio/client';
import { say } from '../../contract/messages';
import { problemAt } from '../../contract/problems';
import { SubmitFields, SubmitHeaders } from '../../contract/schemas';
import { addWorkingDays, toVnIsoString } from '../../domain/calendar';
import { getProcedure, getUnit } from '../../domain/catalogue';
import { dossierSerialKey, formatDossierCode } from '../../domain/dossier-code';
import type { Applicant, Procedure, Unit } from '../../domain/types';
import {
  ApplicationCodeModel,
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
import { openedUpdate } from '../../workflows/messages';
import type { CaseInput, DocumentRef, SignatureRef } from '../../workflows/state';
import { toDocumentRef } from '../documents/issue';
import { deleteFile, findDocument, putFile, readFile, sha256 } from '../documents/storage';
import { loadPki, trustServices } from '../pki';
import { checkAttachments, type CheckedAttachment } from './attachments';
import {
  ApplicationError,
  asApplicationError,
  type FieldProblem,
  validationFailed,
} from './errors';
import { checkSignerCertificate } from './signer-certificate';
import { sealTrackingToken } from './tracking-token';
import {
  clock,
  type ApplicationDeps,
  type SubmissionStep,
  type SubmitApplicationInput,
  type SubmittedApplication,
} from './types';

/** A claim older than this that never attempted the workflow start was abandoned by a crash. */
export const STALE_CLAIM_MS = 10 * 60_000;
/** Default of `ApplicationDeps.temporalTimeoutMs`. */
export const TEMPORAL_TIMEOUT_MS = 10_000;
/** How long a submission waits for its case's first event once the workflow took the Update. */
const OPENED_TIMEOUT_MS = 60_000;
const MAX_SIGNATURE_BYTES = 1024;

const isDuplicate = (err: unknown): boolean => (err as { code?: number }).code === 11000;

interface StoredInput {
  procedureCode: string;
  wardCode: string;
  applicant: Applicant;
  form: Record<string, unknown>;
  attachedDocumentCodes: string[];
}

/** Everything one submission works with. */
interface Submission {
  deps: ApplicationDeps;
  now: Date;
  app: ApplicationDoc;
  input: StoredInput;
  procedure: Procedure;
  ward: Unit;
  signature: Buffer;
  attachments: CheckedAttachment[];
  claim: ApplicationSubmissionDoc;
  /** The signed form when this request has just made it (a resumed claim makes it again). */
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

function trackingToken(kek: Buffer, claim: ApplicationSubmissionDoc, code: string): string {
  const key = crypto.hkdfSync(
    'sha256',
    kek,
    Buffer.from(claim.tokenSalt, 'base64url'),
    'motcua/tracking-token/v1',
    32,
  );
  return crypto
    .createHmac('sha256', Buffer.from(key))
    .update(`${claim._id}\0${code}`)
    .digest('base64url');
}

export const trackingTokenHash = (token: string): string =>
  crypto.createHash('sha256').update(token).digest('hex');

function answer(
  deps: ApplicationDeps,
  claim: ApplicationSubmissionDoc,
  code: string,
  replayed: boolean,
): SubmittedApplication {
  return {
    code,
    trackingToken: trackingToken(parseKek(deps.config.keyEncryptionKey), claim, code),
    stage: 'VERIFICATION',
    dueAt: claim.dueAt,
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

// ---------------------------------------------------------------- steps

async function anchors(): Promise<readonly string[]> {
  const pki = await loadPki();
  if (!pki) throw new Error('the PKI has not been set up');
  return pki.trustAnchorsPem;
}

async function step(s: Submission, name: SubmissionStep, code: string | null): Promise<void> {
  await s.deps.onStep?.(name, { applicationId: s.app._id, code });
}

async function allocateCode(s: Submission): Promise<string> {
  const { claim } = s;
  let code = claim.code ?? (await ApplicationCodeModel.findById(claim.claimId).lean())?.code;
  if (!code) {
    const serial = await nextSequence(dossierSerialKey(s.ward.agencyId, claim.receivedAt));
    const candidate = formatDossierCode(s.ward.agencyId, claim.receivedAt, serial);
    try {
      await ApplicationCodeModel.create({
        _id: claim.claimId,
        applicationId: claim._id,
        code: candidate,
      });
      code = candidate;
    } catch (err) {
      // Another request resuming the same claim got there first (our serial is a gap).
      if (!isDuplicate(err)) throw err;
      code = (await ApplicationCodeModel.findById(claim.claimId).lean())?.code as string;
    }
  }
  if (claim.code !== code) {
    await ApplicationSubmissionModel.updateOne(
      { _id: claim._id, claimId: claim.claimId },
      { $set: { code } },
    );
  }
  return code;
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

/** Stores one document of the case once: a repeated step finds it by (case, key). */
export async function storeDocument(code: string, d: NewDocument): Promise<DocumentRef> {
  const hash = sha256(d.bytes);
  const found = await findDocument(code, d.key);
  if (found) {
    if (found.sha256 !== hash)
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
    if (!isDuplicate(err)) throw err;
    const winner = await findDocument(code, d.key, { legacy: true });
    return toDocumentRef(winner as DocumentDoc);
  }
}

async function storeDocuments(s: Submission, code: string, form: Buffer): Promise<DocumentRef[]> {
  const refs = [
    await storeDocument(code, {
      key: 'application-form',
      kind: 'APPLICATION_FORM',
      title: s.app.formTitle,
      contentType: 'application/pdf',
      fileName: `application-form-${code}.pdf`,
      bytes: form,
      signatures: [
        {
          signerName: s.app.signer.name,
          role: 'APPLICANT',
          signedAt: new Date(s.app.signingTime).toISOString(),
        },
      ],
    }),
  ];
  for (const [i, a] of s.attachments.entries()) {
    refs.push(
      await storeDocument(code, {
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

async function createCaseDocument(
  code: string,
  token: { hash: string; sealed: string },
  attachedDocumentCodes: readonly string[],
): Promise<void> {
  try {
    await CaseModel.create({
      _id: code,
      code,
      version: 0,
      trackingTokenHash: token.hash,
      trackingTokenSealed: token.sealed,
      attachedDocumentCodes: [...attachedDocumentCodes],
    });
  } catch (err) {
    if (!isDuplicate(err)) throw err; // made by an earlier attempt of this claim
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

async function startCase(s: Submission, code: string, documents: DocumentRef[]): Promise<void> {
  const { client, config } = s.deps;
  const input: CaseInput = {
    code,
    procedureCode: s.input.procedureCode,
    wardCode: s.input.wardCode,
    applicant: s.input.applicant,
    form: s.input.form,
    submittedAt: new Date(s.claim.receivedAt).toISOString(),
    channel: 'ONLINE',
    documents,
  };
  try {
    await withinLimit(s.deps, () =>
      client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        taskQueue: config.temporal.taskQueue,
        workflowId: code,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        memo: { applicationId: s.app._id },
      }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // Started by an earlier attempt of this submission — unless the id belongs to someone else.
    const description = await withinLimit(s.deps, () => client.workflow.getHandle(code).describe());
    if (description.memo?.applicationId !== s.app._id)
      throw new Error(`workflow ${code} exists and was not started by this application`);
  }
  // Read-your-writes: answer only once the case is in the read model (its first event recorded),
  // so that the applicant can read it and the desk act on it the moment the 201 arrives. The
  // Update is taken within the usual limit; its work (the first bookkeeping) gets longer.
  const opened = await withinLimit(s.deps, () =>
    client.workflow
      .getHandle(code)
      .startUpdate(openedUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED }),
  );
  await withinLimit(s.deps, () => opened.result(), OPENED_TIMEOUT_MS);
}

/**
 * Releases a claim that never attempted the workflow start, and removes what it stored. False
 * when the claim is gone or has attempted the start meanwhile (then nothing is removed).
 */
export async function releaseClaim(claim: ApplicationSubmissionDoc): Promise<boolean> {
  const res = await ApplicationSubmissionModel.deleteOne({
    _id: claim._id,
    claimId: claim.claimId,
    startAttemptedAt: null,
    completedAt: null,
  });
  if (res.deletedCount !== 1) return false;
  await removeStored(claim);
  return true;
}

/** Removes the documents and the not-yet-projected case document of a released claim. */
async function removeStored(claim: ApplicationSubmissionDoc): Promise<void> {
  const code = (await ApplicationCodeModel.findById(claim.claimId).lean())?.code;
  if (!code) return;
  for (const doc of await DocumentModel.find({ caseCode: code }).lean()) {
    await DocumentModel.deleteOne({ _id: doc._id });
    const files = new Map(
      [doc.fileId, ...(doc.versions ?? []).map((v) => v.fileId)].map((id) => [String(id), id]),
    );
    for (const fileId of files.values()) await deleteFile(fileId);
  }
  await CaseModel.deleteOne({ _id: code, version: 0 });
}

/** The application is closed: its code recorded, its signing state no longer kept. */
async function markSubmitted(
  applicationId: string,
  claim: ApplicationSubmissionDoc,
  code: string,
): Promise<void> {
  await ApplicationModel.updateOne(
    { _id: applicationId },
    { $set: { status: 'SUBMITTED', code, submittedAt: claim.receivedAt, signingState: null } },
  );
}

/**
 * The signed form of this submission: made by this request, else the one a resumed claim already
 * stored (its time-stamp makes a form made again differ), else made now.
 */
async function formOf(s: Submission, code: string): Promise<Buffer> {
  if (s.signedPdf) return s.signedPdf;
  const stored = await findDocument(code, 'application-form');
  if (stored) return readFile(stored.fileId);
  return signedForm(s.deps, s.app, s.signature, s.now, await anchors());
}

async function run(s: Submission): Promise<SubmittedApplication> {
  const { claim, deps } = s;
  let startAttempted = claim.startAttemptedAt !== null;
  let code: string | null = claim.code;
  try {
    await step(s, 'claimed', code);
    code = await allocateCode(s);
    await step(s, 'code-allocated', code);
    const form = await formOf(s, code);
    const documents = await storeDocuments(s, code, form);
    await step(s, 'documents-stored', code);
    const kek = parseKek(deps.config.keyEncryptionKey);
    const token = trackingToken(kek, claim, code);
    await createCaseDocument(
      code,
      { hash: trackingTokenHash(token), sealed: sealTrackingToken(kek, code, token) },
      s.input.attachedDocumentCodes ?? [],
    );
    await step(s, 'case-created', code);
    if (!startAttempted) {
      const marked = await ApplicationSubmissionModel.updateOne(
        { _id: claim._id, claimId: claim.claimId },
        { $set: { startAttemptedAt: new Date() } },
      );
      if (marked.matchedCount !== 1) {
        throw new ApplicationError('WRONG_STAGE', say('application.abandoned'));
      }
      startAttempted = true;
    }
    await startCase(s, code, documents);
    await step(s, 'workflow-started', code);
    await ApplicationSubmissionModel.updateOne(
      { _id: claim._id, claimId: claim.claimId },
      { $set: { completedAt: new Date() } },
    );
    await markSubmitted(s.app._id, claim, code);
    await step(s, 'completed', code);
    return answer(deps, claim, code, false);
  } catch (err) {
    if (!startAttempted) {
      // Nothing started: give the application back, without what this attempt stored.
      await releaseClaim(claim)
        .then(async (released) => {
          if (released) return;
          const current = await ApplicationSubmissionModel.findById(claim._id).lean();
          if (!current || current.claimId !== claim.claimId) await removeStored(claim);
        })
        .catch(() => undefined);
    }
    throw asApplicationError(err, 'database');
  }
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
 * - WRONG_STAGE: already submitted (without the key of that submission), or another request is
 *   submitting it;
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
    let record = keyId ? await IdempotencyRecordModel.findById(keyId).lean() : null;
    if (record && record.requestHash !== hash) {
      throw new ApplicationError('IDEMPOTENCY_CONFLICT', say('error.IDEMPOTENCY_CONFLICT'));
    }
    const bindKey = async (): Promise<void> => {
      if (!keyId || record) return;
      try {
        await IdempotencyRecordModel.create({ _id: keyId, requestHash: hash, applicationId });
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        record = await IdempotencyRecordModel.findById(keyId).lean();
        if (record && record.requestHash !== hash) {
          throw new ApplicationError('IDEMPOTENCY_CONFLICT', say('error.IDEMPOTENCY_CONFLICT'));
        }
      }
    };
    const base = { deps, now, app, input, procedure, ward, signature, attachments };

    for (let attempt = 0; attempt < 3; attempt++) {
      const claim = await ApplicationSubmissionModel.findById(app._id).lean();
      if (claim) {
        if (claim.requestHash === hash) {
          if (claim.completedAt && claim.code) {
            if (key === undefined || (claim.idempotencyKey !== key && !record))
              throw alreadySubmitted();
            if (app.status !== 'SUBMITTED') await markSubmitted(app._id, claim, claim.code);
            return answer(deps, claim, claim.code, true);
          }
          await bindKey();
          return await run({ ...base, claim });
        }
        if (claim.completedAt) throw alreadySubmitted();
        const stale =
          claim.startAttemptedAt === null &&
          new Date(claim.createdAt).getTime() < now.getTime() - STALE_CLAIM_MS;
        if (stale && (await releaseClaim(claim))) continue;
        throw inProgress();
      }

      if (app.status !== 'PREPARED') throw alreadySubmitted();
      if (app.expiresAt <= now) {
        throw new ApplicationError('NOT_FOUND', say('application.expired'), {
          reason: 'EXPIRED',
          expiredAt: toVnIsoString(app.expiresAt),
        });
      }
      // The signature and the signer, before anything is written.
      const pki = await loadPki();
      if (!pki) throw new Error('the PKI has not been set up');
      // Still valid (not expired or revoked since it was prepared)? With the intermediates the
      // applicant supplied, as at preparation.
      const state = app.signingState as unknown as SigningState | null;
      const signer = checkSignerCertificate(
        state ? [state.signerCertificatePem, ...state.chainPems].join('') : undefined,
        { idNumber: app.signer.idNumber },
        pki,
        now,
        [],
      );
      if (!signer) {
        throw new ApplicationError(
          'SIGNATURE_INVALID',
          say('application.certificateNoLongerValid'),
        );
      }
      const signedPdf = await signedForm(deps, app, signature, now, pki.trustAnchorsPem);
      await bindKey();

      const fresh = {
        _id: app._id,
        claimId: crypto.randomUUID(),
        requestHash: hash,
        idempotencyKey: key ?? null,
        receivedAt: now,
        dueAt: toVnIsoString(addWorkingDays(now, procedure.totalWorkingDays)),
        tokenSalt: crypto.randomBytes(16).toString('base64url'),
        code: null,
        startAttemptedAt: null,
        completedAt: null,
      };
      let claimed: ApplicationSubmissionDoc;
      try {
        claimed = (await ApplicationSubmissionModel.create(fresh)).toObject();
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        continue; // another request claimed it meanwhile: look again
      }
      return await run({ ...base, claim: claimed, signedPdf });
    }
    throw inProgress();
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

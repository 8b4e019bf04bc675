/**
 * Signatures awaited from a person: an official whose signing method is a remote signing service
 * (they confirm on their phone) or a token (their browser signs through the vendor's plugin).
 *
 *   beginAwaitedSignature     prepares every document of the step (the control-sheet row, the
 *                             decision or refusal) for the official's certificate, keeps the
 *                             prepared PDFs in `pending_signatures` (one record per case and
 *                             step), then asks the signer once for all of them
 *   awaitSignature            polls the signer with the persisted ticket, heartbeating, until it
 *                             is SIGNED, REFUSED, EXPIRED or CANCELLED (by the official)
 *   completeAwaitedSignature  writes the values into the prepared PDFs, adds the seals and the
 *                             validation data, and stores the documents (once per key)
 *
 * Exactly one signature across crashes: each step finds the record and goes on from where it
 * stands; the documents are stored under their step keys. The one window left is a crash between
 * the provider's answer to the request and the write of its ticket: the retry then asks again
 * (the first transaction expires unused, and still only one signature reaches the documents).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DocumentModel } from '../../models/document';
import { OfficialModel, signatureImageOf, type OfficialDoc } from '../../models/official';
import {
  PendingSignatureModel,
  type PendingJobDoc,
  type PendingSignatureDoc,
} from '../../models/pending-signature';
import type { SigningProviderConfig } from '../../runtime/config';
import {
  completeSignature,
  CscSigner,
  ExternalSigner,
  prepareSignature,
  type SignatureProgress,
  type SignatureTicket,
  type Signer,
  type SigningState,
  signatureItem,
} from '../../signing';
import { renderRequest, type SignatureFieldInfo } from '../../templates';
import type { DocumentRef, SignatureRef } from '../../workflows/state';
import { signingProvider } from '../signing-providers';
import type {
  AwaitedJob,
  AwaitedSignatureInput,
  AwaitedSignatureStatus,
  IssueDocumentInput,
} from '../types';
import { composeDocument } from './compose';
import {
  asActivityError,
  controlSheetLines,
  documentActivities,
  documentReason,
  fieldFor,
  heartbeat,
  loadCase,
  sheetReason,
  type DocumentActivityDeps,
} from './issue';
import { findDocument, readFile } from './storage';
import { isDuplicateKey } from '../../models/db';

export interface AwaitedDeps extends DocumentActivityDeps {
  signingProviders: readonly SigningProviderConfig[];
  /** How often the signer is asked again (default 2 s). */
  pollMs?: number;
}

/** The messages an official reads when no signature came. */
export const NOT_GIVEN_MESSAGES = {
  REFUSED: 'Người ký đã từ chối ký trên dịch vụ ký số; hồ sơ vẫn ở bước này.',
  EXPIRED: 'Hết thời gian chờ xác nhận chữ ký số; hồ sơ vẫn ở bước này.',
  CANCELLED: 'Yêu cầu ký số đã được hủy; hồ sơ vẫn ở bước này.',
} as const;

const TERMINAL = ['SIGNED', 'REFUSED', 'EXPIRED', 'CANCELLED', 'COMPLETED'] as const;
const idOf = (caseCode: string, key: string): string => `${caseCode}/${key}`;

const keyUnavailable = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'KEY_UNAVAILABLE');

function statusOf(rec: PendingSignatureDoc): AwaitedSignatureStatus {
  const s =
    rec.status === 'COMPLETED' ? 'SIGNED' : rec.status === 'STARTING' ? 'PENDING' : rec.status;
  return {
    status: s,
    method: rec.method,
    expiresAt: rec.expiresAt ? new Date(rec.expiresAt).toISOString() : null,
    message: rec.message,
  };
}

function sleep(ms: number): Promise<void> {
  try {
    return Context.current().sleep(ms);
  } catch {
    return new Promise((r) => setTimeout(r, ms));
  }
}

export function awaitedSignatureActivities(deps: AwaitedDeps) {
  const documents = documentActivities(deps);
  const { services, signInTurn, storeIssued, storeSheetRow } = documents.internals;
  const pollMs = deps.pollMs ?? 2000;

  /** The official's awaited signer; the certificate comes from the service or the profile. */
  async function signerOf(official: OfficialDoc, reference: string): Promise<Signer> {
    const method = official.signingMethod;
    if (method?.kind === 'REMOTE') {
      const provider = signingProvider(deps.signingProviders, method.provider);
      if (!provider)
        throw keyUnavailable(`The signing service ${method.provider} is not configured here.`);
      return CscSigner.open(provider.client, method.credentialId);
    }
    if (method?.kind === 'TOKEN') {
      return new ExternalSigner(method.certificatePem, method.chainPems, {
        read: async () => {
          const rec = await PendingSignatureModel.findById(reference).lean();
          return rec?.clientSignatures
            ? { signatures: rec.clientSignatures.map((s) => Buffer.from(s, 'base64')) }
            : null;
        },
      });
    }
    throw keyUnavailable(`${official.fullName} signs with the server-held key, not awaited.`);
  }

  async function officialOf(id: string): Promise<OfficialDoc> {
    const official = await OfficialModel.findById(id).lean();
    if (!official?.active) throw keyUnavailable(`No active official ${id}.`);
    return official;
  }

  async function prepareJob(
    job: AwaitedJob,
    signer: Signer,
    official: OfficialDoc,
  ): Promise<PendingJobDoc> {
    const cert = { signerCertificatePem: signer.certificatePem, chainPems: signer.chainPems };
    if (job.kind === 'row') {
      const doc = await DocumentModel.findById(job.documentId).lean();
      if (!doc)
        throw ApplicationFailure.nonRetryable(`No document ${job.documentId}.`, 'NOT_FOUND');
      const prepared = await prepareSignature(await readFile(doc.fileId), {
        ...cert,
        fieldName: `step-${job.row.step}`,
        signingTime: job.row.at,
        reason: sheetReason(job.row),
        appearance: { lines: controlSheetLines(job.row, official.fullName), maxFontSize: 8 },
      });
      return {
        kind: 'row',
        job: job as unknown as Record<string, unknown>,
        state: prepared.state as unknown as Record<string, unknown>,
        toBeSigned: prepared.toBeSigned.toString('base64'),
      };
    }
    const { issue } = job;
    const caseDoc = await loadCase(issue.caseCode);
    const rendered = await renderRequest(
      await composeDocument(issue.kind, {
        caseDoc,
        content: issue.content,
        key: issue.key,
        publicBaseUrl: deps.publicBaseUrl,
      }),
    );
    const [first] = issue.signers;
    if (first?.kind !== 'official')
      throw ApplicationFailure.nonRetryable(
        'An awaited document starts with the official.',
        'TEMPLATE_ERROR',
      );
    const field = fieldFor(rendered.signatureFields, first, new Set());
    const prepared = await prepareSignature(rendered.pdf, {
      ...cert,
      fieldName: field.name,
      signingTime: issue.content.issuedAt,
      reason: documentReason(issue),
      location: caseDoc.ward.place,
      ...(signatureImageOf(official)
        ? { appearance: { signatureImage: signatureImageOf(official) } }
        : {}),
    });
    return {
      kind: 'issue',
      job: {
        ...(job as unknown as Record<string, unknown>),
        title: rendered.title,
        fields: rendered.signatureFields,
        used: [field.name],
        location: caseDoc.ward.place,
      },
      state: prepared.state as unknown as Record<string, unknown>,
      toBeSigned: prepared.toBeSigned.toString('base64'),
    };
  }

  /** Saves an answer of the signer onto a PENDING (or STARTING) record; the stored one wins. */
  async function settle(
    rec: PendingSignatureDoc,
    progress: SignatureProgress,
  ): Promise<PendingSignatureDoc> {
    const set: Record<string, unknown> =
      progress.status === 'SIGNED'
        ? { status: 'SIGNED', signatures: progress.signatures.map((s) => s.toString('base64')) }
        : progress.status === 'PENDING'
          ? {
              status: 'PENDING',
              ticket: progress.ticket,
              expiresAt: progress.expiresAt ? new Date(progress.expiresAt) : null,
            }
          : { status: progress.status, message: NOT_GIVEN_MESSAGES[progress.status] };
    await PendingSignatureModel.updateOne(
      { _id: rec._id, status: { $in: ['STARTING', 'PENDING'] } },
      { $set: set },
    );
    return (await PendingSignatureModel.findById(
      rec._id,
    ).lean<PendingSignatureDoc>()) as PendingSignatureDoc;
  }

  async function ask(
    rec: PendingSignatureDoc,
    official: OfficialDoc,
  ): Promise<PendingSignatureDoc> {
    const signer = await signerOf(official, rec._id);
    const items = rec.jobs.map((j) => signatureItem(Buffer.from(j.toBeSigned, 'base64')));
    const progress = await signer.request(items, {
      reference: rec._id,
      description: `Hồ sơ ${rec.caseCode}: ký ${rec.jobs.length} văn bản`,
    });
    return settle(rec, progress);
  }

  async function beginAwaitedSignature(
    input: AwaitedSignatureInput,
  ): Promise<AwaitedSignatureStatus> {
    const _id = idOf(input.caseCode, input.key);
    try {
      let rec: PendingSignatureDoc | null =
        await PendingSignatureModel.findById(_id).lean<PendingSignatureDoc>();
      const official = await officialOf(input.official.id);
      if (!rec) {
        const method = official.signingMethod?.kind;
        if (method !== 'REMOTE' && method !== 'TOKEN')
          throw keyUnavailable(`${official.fullName} has no remote or token signing method.`);
        const signer = await signerOf(official, _id);
        const jobs: PendingJobDoc[] = [];
        for (const job of input.jobs) jobs.push(await prepareJob(job, signer, official));
        heartbeat('prepared');
        try {
          await PendingSignatureModel.create({
            _id,
            caseCode: input.caseCode,
            key: input.key,
            officialId: official._id,
            method,
            status: 'STARTING',
            jobs,
          });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        rec = (await PendingSignatureModel.findById(
          _id,
        ).lean<PendingSignatureDoc>()) as PendingSignatureDoc;
      }
      // Asked already (a retry after a crash): resume, never a second transaction.
      if (rec.status === 'STARTING') rec = await ask(rec, official);
      return statusOf(rec);
    } catch (err) {
      throw asActivityError(err);
    }
  }

  async function awaitSignature(input: {
    caseCode: string;
    key: string;
  }): Promise<AwaitedSignatureStatus> {
    const _id = idOf(input.caseCode, input.key);
    try {
      for (;;) {
        let rec: PendingSignatureDoc | null =
          await PendingSignatureModel.findById(_id).lean<PendingSignatureDoc>();
        if (!rec)
          throw ApplicationFailure.nonRetryable(`No awaited signature ${_id}.`, 'NOT_FOUND');
        if ((TERMINAL as readonly string[]).includes(rec.status)) return statusOf(rec);
        const official = await officialOf(rec.officialId);
        if (rec.status === 'STARTING') rec = await ask(rec, official);
        else if (rec.ticket) {
          const signer = await signerOf(official, _id);
          let progress: SignatureProgress;
          try {
            progress = await signer.poll(rec.ticket as SignatureTicket);
          } catch (err) {
            // A client device's value that does not verify: dropped, the device may send again.
            if ((err as { code?: string }).code !== 'SIGNATURE_INVALID') throw err;
            await PendingSignatureModel.updateOne(
              { _id, status: 'PENDING' },
              { $set: { clientSignatures: null } },
            );
            progress = {
              status: 'PENDING',
              ticket: rec.ticket as SignatureTicket,
              expiresAt: null,
            };
          }
          if (progress.status !== 'PENDING') rec = await settle(rec, progress);
        }
        if ((TERMINAL as readonly string[]).includes(rec.status)) return statusOf(rec);
        if (rec.expiresAt && new Date(rec.expiresAt).getTime() < Date.now() - 60_000) {
          rec = await settle(rec, { status: 'EXPIRED', message: '' });
          return statusOf(rec);
        }
        heartbeat(rec.status);
        await sleep(pollMs);
      }
    } catch (err) {
      throw asActivityError(err);
    }
  }

  async function completeAwaitedSignature(input: {
    caseCode: string;
    key: string;
  }): Promise<DocumentRef[]> {
    const _id = idOf(input.caseCode, input.key);
    try {
      const rec = await PendingSignatureModel.findById(_id).lean();
      if (!rec || (rec.status !== 'SIGNED' && rec.status !== 'COMPLETED') || !rec.signatures)
        throw ApplicationFailure.nonRetryable(`The signature ${_id} was not given.`, 'NOT_FOUND');
      const official = await officialOf(rec.officialId);
      const { timestamper } = await services();
      const out: DocumentRef[] = [];
      for (const [i, pending] of rec.jobs.entries()) {
        const value = Buffer.from(rec.signatures[i] as string, 'base64');
        const signature: SignatureRef = {
          signerName: official.fullName,
          role: official.roles[0] ?? 'OFFICIAL',
          signedAt: (pending.state as unknown as SigningState).signingTime,
        };
        if (pending.kind === 'row') {
          const job = pending.job as unknown as AwaitedJob & { kind: 'row' };
          const doc = await DocumentModel.findById(job.documentId).lean();
          if (!doc)
            throw ApplicationFailure.nonRetryable(`No document ${job.documentId}.`, 'NOT_FOUND');
          if (doc.appliedKeys.includes(job.key)) {
            out.push(documents.toRef(doc));
            continue;
          }
          let pdf = await completeSignature(pending.state as unknown as SigningState, value, {
            timestamper,
          });
          pdf = await documents.internals.withValidationData(pdf);
          out.push(await storeSheetRow(doc, pdf, job.key, { ...signature, signedAt: job.row.at }));
          heartbeat(`signed ${job.key}`);
          continue;
        }
        const job = pending.job as unknown as {
          issue: IssueDocumentInput;
          title: string;
          fields: SignatureFieldInfo[];
          used: string[];
          location: string;
        };
        const existing = await findDocument(input.caseCode, job.issue.key);
        if (existing) {
          out.push(documents.toRef(existing));
          continue;
        }
        const first = await completeSignature(pending.state as unknown as SigningState, value, {
          timestamper,
        });
        const signed = await signInTurn(first, job.issue.signers.slice(1), {
          input: job.issue,
          fields: job.fields,
          used: new Set(job.used),
          location: job.location,
          signatures: [{ ...signature, signedAt: job.issue.content.issuedAt }],
        });
        out.push(await storeIssued(job.issue, job.title, signed.pdf, signed.signatures));
      }
      await PendingSignatureModel.updateOne(
        { _id, status: 'SIGNED' },
        { $set: { status: 'COMPLETED' } },
      );
      return out;
    } catch (err) {
      throw asActivityError(err);
    }
  }

  return { beginAwaitedSignature, awaitSignature, completeAwaitedSignature };
}

/**
 * The document activities: render → sign (each signature an incremental update) → store, once per
 * case and step. A retried activity returns what it stored; a control-sheet row is applied once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CaseModel } from '../../models/case';
import { signatureImageOf } from '../../models/official';
import { DocumentModel, documentIdFor, type DocumentDoc } from '../../models/document';
import {
  addArchiveTimestamp,
  addValidationData,
  archiveStatus,
  isSigningError,
  signPdf,
} from '../../signing';
import { trustServices } from '../pki';
import {
  LayoutError,
  PlaceholderError,
  renderRequest,
  type SignatureFieldInfo,
} from '../../templates';
import { formatVnDateTimeShort } from '../../domain/calendar';
import { DOCUMENT_KIND_LABELS } from '../../domain/stages';
import type { DocumentRef, SignatureRef } from '../../workflows/state';
import type {
  ControlSheetStep,
  IssueDocumentInput,
  SignControlSheetInput,
  SignerRef,
} from '../types';
import { composeDocument } from './compose';
import { resolveSigner } from './signers';
import { addDocumentVersion, deleteFile, findDocument, putFile, readFile } from './storage';
import { Context } from '@temporalio/activity';
import { isDuplicateKey } from '../../models/db';

export interface DocumentActivityDeps {
  kek: Buffer;
  publicBaseUrl: string;
  /** A licensed TSA (TSA_URL); url null: the deployment's own TSA. */
  tsa?: { url: string | null };
}

/** Kinds whose final version gets a document time-stamp at handover (B-LTA). */
export const ARCHIVED_KINDS = ['DECISION', 'CONTROL_SHEET'] as const;

/** What {@link documentActivities}' renewal did. */
export interface RenewalReport {
  checked: number;
  renewed: string[];
  failed: Array<{ documentId: string; error: string }>;
}

export function toDocumentRef(doc: DocumentDoc): DocumentRef {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    createdAt: new Date(doc.createdAt).toISOString(),
    sha256: doc.sha256,
    signatures: doc.signatures,
  };
}

/**
 * Tells Temporal the activity is alive, so that a worker that died mid-document is noticed after
 * the heartbeat timeout rather than the whole start-to-close timeout. Outside an activity
 * (direct calls in tests) it does nothing.
 */
export function heartbeat(step: string): void {
  try {
    Context.current().heartbeat(step);
  } catch {
    // not running as an activity
  }
}

const OFFICIAL_FIELD_ROLES = ['APPLICANT', 'RECEIVER', 'WARD_APPROVER', 'DEPARTMENT_APPROVER'];

/** The template field a signer signs: an official's block, or the seal (else the signer block). */
export function fieldFor(
  fields: SignatureFieldInfo[],
  signer: SignerRef,
  used: Set<string>,
): SignatureFieldInfo {
  const free = fields.filter((f) => !used.has(f.name) && f.role !== 'STEP');
  const official = free.find((f) => OFFICIAL_FIELD_ROLES.includes(f.role));
  const seal = free.find((f) => f.role === 'SEAL');
  const field = signer.kind === 'seal' ? (seal ?? official) : official;
  if (!field)
    throw ApplicationFailure.nonRetryable(
      'The template has no free field for this signer.',
      'TEMPLATE_ERROR',
    );
  return field;
}

const RESULT_LABELS: Record<ControlSheetStep['result'], string> = {
  EARLY: 'Trước hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Quá hạn',
};

/** The text of a control-sheet row, written into its signature appearance. */
export function controlSheetLines(row: ControlSheetStep, signerName: string): string[] {
  const lines = [
    `${row.outcome}: ${signerName}`,
    formatVnDateTimeShort(new Date(row.at)),
    `Kết quả: ${RESULT_LABELS[row.result]}`,
  ];
  if (row.note) lines.push(row.note.length > 80 ? `${row.note.slice(0, 79)}…` : row.note);
  return lines;
}

/** The /Reason of a document's signatures. */
export function documentReason(input: Pick<IssueDocumentInput, 'kind' | 'caseCode'>): string {
  return `${DOCUMENT_KIND_LABELS[input.kind]} — hồ sơ ${input.caseCode}`;
}

/** The /Reason of a control-sheet row's signature. */
export function sheetReason(row: ControlSheetStep): string {
  return `Phiếu kiểm soát — bước ${row.step}`;
}

function fileName(kind: string, caseCode: string): string {
  return `${kind.toLowerCase().replace(/_/g, '-')}-${caseCode}.pdf`;
}

export async function loadCase(caseCode: string) {
  const caseDoc = await CaseModel.findById(caseCode).lean();
  // The case's first event is recorded before any document: if it is missing, retry.
  if (!caseDoc)
    throw ApplicationFailure.retryable(
      `Case ${caseCode} is not in the read model yet.`,
      'CASE_NOT_FOUND',
    );
  return caseDoc;
}

export function asActivityError(err: unknown): unknown {
  if (err instanceof PlaceholderError || err instanceof LayoutError) {
    return ApplicationFailure.nonRetryable(err.message, 'TEMPLATE_ERROR');
  }
  if (isSigningError(err))
    return ApplicationFailure.nonRetryable(err.message, `SIGNING_${err.code}`);
  return err;
}

export function documentActivities(deps: DocumentActivityDeps) {
  const tsaConfig = deps.tsa ?? { url: null };
  const services = () => trustServices(deps.kek, tsaConfig);
  /** B-LT: the DSS with the certificates and revocation answers of every signature. */
  const withValidationData = async (pdf: Uint8Array): Promise<Buffer> => {
    const s = await services();
    return addValidationData(pdf, {
      revocation: s.revocation,
      extraCertificatesPem: s.extraCertificatesPem,
    });
  };

  /**
   * Signs `pdf` with each signer in turn (each an incremental update, in the template's field for
   * that kind of signer), then embeds the validation data (B-LT) when anyone signed.
   */
  async function signInTurn(
    start: Uint8Array,
    refs: readonly SignerRef[],
    ctx: {
      input: IssueDocumentInput;
      fields: SignatureFieldInfo[];
      used: Set<string>;
      location: string;
      /** Signatures already in `start` (an awaited official's). */
      signatures?: SignatureRef[];
    },
  ): Promise<{ pdf: Buffer; signatures: SignatureRef[] }> {
    const { input } = ctx;
    let pdf: Uint8Array = start;
    const { timestamper } = await services();
    const signatures: SignatureRef[] = [...(ctx.signatures ?? [])];
    for (const ref of refs) {
      const field = fieldFor(ctx.fields, ref, ctx.used);
      ctx.used.add(field.name);
      const resolved = await resolveSigner(ref, {
        caseCode: input.caseCode,
        kek: deps.kek,
        use: { kind: 'document', key: input.key },
      });
      try {
        pdf = await signPdf(pdf, resolved.signer, {
          fieldName: field.name,
          signingTime: input.content.issuedAt,
          reason: documentReason(input),
          location: ctx.location,
          timestamper,
          ...(ref.kind === 'seal' && ref.onBehalfOf
            ? { appearance: { extraLines: [`Người xử lý: ${ref.onBehalfOf.name}`] } }
            : {}),
          ...(resolved.official && signatureImageOf(resolved.official)
            ? { appearance: { signatureImage: signatureImageOf(resolved.official) } }
            : {}),
        });
      } finally {
        resolved.dispose();
      }
      signatures.push({
        signerName: resolved.name,
        role: resolved.role,
        signedAt: input.content.issuedAt,
      });
      heartbeat(`signed ${field.name}`);
    }
    if (signatures.length > 0) pdf = await withValidationData(pdf);
    return { pdf: Buffer.from(pdf), signatures };
  }

  /** Stores a newly issued document once per (case, key): a concurrent twin keeps the first. */
  async function storeIssued(
    input: IssueDocumentInput,
    title: string,
    pdf: Buffer,
    signatures: SignatureRef[],
  ): Promise<DocumentRef> {
    const stored = await putFile(pdf, fileName(input.kind, input.caseCode), {
      caseCode: input.caseCode,
      key: input.key,
    });
    try {
      const doc = await DocumentModel.create({
        _id: documentIdFor(input.caseCode, input.key),
        caseCode: input.caseCode,
        key: input.key,
        kind: input.kind,
        title,
        contentType: 'application/pdf',
        fileName: fileName(input.kind, input.caseCode),
        ...stored,
        signatures,
        versions: [{ ...stored, key: input.key, createdAt: new Date() }],
        appliedKeys: [],
      });
      return toDocumentRef(doc.toObject());
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await deleteFile(stored.fileId);
      const winner = await findDocument(input.caseCode, input.key, { legacy: true });
      return toDocumentRef(winner as DocumentDoc);
    }
  }

  /** Appends a signed control-sheet row as the sheet's new version, once per step `key`. */
  async function storeSheetRow(
    doc: DocumentDoc,
    pdf: Buffer,
    key: string,
    signature: SignatureRef,
  ): Promise<DocumentRef> {
    const stored = await putFile(pdf, doc.fileName, { caseCode: doc.caseCode, key });
    if (!(await addDocumentVersion(doc, key, stored, signature))) await deleteFile(stored.fileId);
    return toDocumentRef((await DocumentModel.findById(doc._id).lean()) as DocumentDoc);
  }

  /** Stores `pdf` as the document's new current version under the step `key` (once). */
  async function addVersion(doc: DocumentDoc, pdf: Buffer, key: string): Promise<DocumentDoc> {
    const stored = await putFile(pdf, doc.fileName, { caseCode: doc.caseCode, key });
    if (!(await addDocumentVersion(doc, key, stored))) await deleteFile(stored.fileId);
    return (await DocumentModel.findById(doc._id).lean()) as DocumentDoc;
  }

  async function issueDocument(input: IssueDocumentInput): Promise<DocumentRef> {
    const existing = await findDocument(input.caseCode, input.key);
    if (existing) return toDocumentRef(existing);
    const caseDoc = await loadCase(input.caseCode);
    try {
      const request = await composeDocument(input.kind, {
        caseDoc,
        content: input.content,
        key: input.key,
        publicBaseUrl: deps.publicBaseUrl,
      });
      const rendered = await renderRequest(request);
      heartbeat('rendered');
      const signed = await signInTurn(rendered.pdf, input.signers, {
        input,
        fields: rendered.signatureFields,
        used: new Set<string>(),
        location: caseDoc.ward.place,
      });
      return await storeIssued(input, rendered.title, signed.pdf, signed.signatures);
    } catch (err) {
      throw asActivityError(err);
    }
  }

  async function signControlSheet(input: SignControlSheetInput): Promise<DocumentRef> {
    const doc = await DocumentModel.findById(input.documentId).lean();
    if (!doc || doc.caseCode !== input.caseCode) {
      throw ApplicationFailure.nonRetryable(
        `No document ${input.documentId} in case ${input.caseCode}.`,
        'NOT_FOUND',
      );
    }
    if (doc.appliedKeys.includes(input.key)) return toDocumentRef(doc);
    try {
      const resolved = await resolveSigner(input.signer, {
        caseCode: input.caseCode,
        kek: deps.kek,
        use: { kind: 'control-sheet', key: input.key },
      });
      let pdf: Buffer;
      const { timestamper } = await services();
      try {
        const name =
          input.signer.kind === 'seal' && input.signer.onBehalfOf
            ? input.signer.onBehalfOf.name
            : resolved.name;
        pdf = await signPdf(await readFile(doc.fileId), resolved.signer, {
          fieldName: `step-${input.row.step}`,
          signingTime: input.row.at,
          reason: sheetReason(input.row),
          appearance: { lines: controlSheetLines(input.row, name), maxFontSize: 8 },
          timestamper,
        });
      } finally {
        resolved.dispose();
      }
      pdf = await withValidationData(pdf);
      heartbeat('signed');
      return await storeSheetRow(doc, pdf, input.key, {
        signerName: resolved.name,
        role: resolved.role,
        signedAt: input.row.at,
      });
    } catch (err) {
      throw asActivityError(err);
    }
  }

  /**
   * At handover (B-LTA): each document gets a DSS covering everything so far and a document
   * time-stamp over it, stored as its new version. Idempotent per document (key `archive`).
   */
  async function sealArchive(input: {
    caseCode: string;
    documentIds: string[];
  }): Promise<DocumentRef[]> {
    const out: DocumentRef[] = [];
    for (const id of input.documentIds) {
      const doc = await DocumentModel.findById(id).lean();
      if (!doc || doc.caseCode !== input.caseCode) {
        throw ApplicationFailure.nonRetryable(
          `No document ${id} in case ${input.caseCode}.`,
          'NOT_FOUND',
        );
      }
      if (doc.appliedKeys.includes('archive')) {
        out.push(toDocumentRef(doc));
        continue;
      }
      try {
        const s = await services();
        const pdf = await addArchiveTimestamp(await readFile(doc.fileId), {
          revocation: s.revocation,
          extraCertificatesPem: s.extraCertificatesPem,
          timestamper: s.timestamper,
        });
        heartbeat(`archived ${id}`);
        out.push(toDocumentRef(await addVersion(doc, pdf, 'archive')));
      } catch (err) {
        throw asActivityError(err);
      }
    }
    return out;
  }

  /**
   * Renewal (for a Temporal Schedule, and `npm run pki -- ltv-renew`): every archived decision
   * and control sheet whose newest document time-stamp's TSA certificate ends within
   * `marginDays` (or that has none) gets fresh validation data and a new document time-stamp,
   * as an incremental update.
   */
  async function renewArchiveTimestamps(
    input: { marginDays?: number; limit?: number; now?: string } = {},
  ): Promise<RenewalReport> {
    const now = input.now ? new Date(input.now) : new Date();
    const docs = await DocumentModel.find({
      kind: { $in: [...ARCHIVED_KINDS] },
      appliedKeys: 'archive',
    })
      .sort({ updatedAt: 1 })
      .limit(input.limit ?? 1000)
      .lean();
    const report: RenewalReport = { checked: 0, renewed: [], failed: [] };
    for (const doc of docs) {
      report.checked++;
      try {
        const bytes = await readFile(doc.fileId);
        const status = await archiveStatus(bytes, { now, marginDays: input.marginDays ?? 90 });
        if (!status.renewalDue) continue;
        const s = await services();
        const pdf = await addArchiveTimestamp(bytes, {
          revocation: s.revocation,
          extraCertificatesPem: s.extraCertificatesPem,
          timestamper: s.timestamper,
        });
        await addVersion(doc, pdf, `archive-renewal-${now.toISOString()}`);
        report.renewed.push(doc._id);
        heartbeat(`renewed ${doc._id}`);
      } catch (err) {
        report.failed.push({
          documentId: doc._id,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return report;
  }

  return {
    issueDocument,
    signControlSheet,
    sealArchive,
    renewArchiveTimestamps,
    toRef: toDocumentRef,
    /** For the awaited signatures (awaited.ts): the same steps around a signature made elsewhere. */
    internals: { services, withValidationData, signInTurn, storeIssued, storeSheetRow },
  };
}

/**
 * In-memory stand-ins for the case activities, for workflow tests on the time-skipping server.
 * They record every call so tests can assert what the workflow asked for.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  AwaitedSignatureInput,
  AwaitedSignatureStatus,
  CaseActivities,
  FullEventInput,
  IssueDocumentInput,
  RecordEventInput,
  SignControlSheetInput,
  SignerRef,
} from '../../activities/types';
import type { CaseContext, CaseState, DocumentRef, SignatureRef } from '../../workflows/state';
import { leanContext } from '../../workflows/lean-history';
import { applyDelta, PROJECTION_BEHIND } from '../../workflows/state-delta';

export interface FakeCalls {
  /** Every event with its whole state (rebuilt from the fake projection where a delta came). */
  records: FullEventInput[];
  /** Every event as the workflow sent it, refused ones included. */
  sent: RecordEventInput[];
  documents: IssueDocumentInput[];
  sheetRows: SignControlSheetInput[];
  archived: string[][];
  /** Awaited signatures: every begin (retries included), transactions opened, completions. */
  awaited: { begins: AwaitedSignatureInput[]; transactions: string[]; completed: string[] };
}

/** How the fake signer behaves for a case: decided by the test, failures injected once. */
export interface AwaitedScript {
  decision?: 'SIGNED' | 'REFUSED' | 'EXPIRED' | 'CANCELLED';
  /** The begin activity fails once after opening the transaction (a crash before it answered). */
  crashAfterAsking?: boolean;
  /** The waiting activity fails once (its worker died). */
  crashWhileWaiting?: boolean;
}

function signatureOf(signer: SignerRef, at: string): SignatureRef {
  return signer.kind === 'official'
    ? { signerName: signer.actor.name, role: 'OFFICIAL', signedAt: at }
    : { signerName: `Con dấu ${signer.unitCode}`, role: 'SEAL', signedAt: at };
}

export function fakeActivities(contexts: Record<string, CaseContext>) {
  const calls: FakeCalls = {
    records: [],
    sent: [],
    documents: [],
    sheetRows: [],
    archived: [],
    awaited: { begins: [], transactions: [], completed: [] },
  };
  const scripts = new Map<string, AwaitedScript>();
  const pending = new Map<string, AwaitedSignatureInput>();
  const status = (
    caseCode: string,
    s: AwaitedSignatureStatus['status'],
  ): AwaitedSignatureStatus => ({
    status: s,
    method: 'REMOTE',
    expiresAt: '2030-01-01T00:00:00.000Z',
    message: s === 'PENDING' || s === 'SIGNED' ? null : `Không ký (${s}) — ${caseCode}`,
  });
  const projections = new Map<string, { state: CaseState; version: number }>();
  /** Forgets a case's projection, as if the read model had lost it. */
  const loseProjection = (code: string) => projections.delete(code);
  const sheets = new Map<string, DocumentRef>();
  const issued = new Map<string, DocumentRef>();
  const activities: CaseActivities = {
    async loadCaseContext({ procedureCode, wardCode, lean }) {
      const ctx = contexts[procedureCode];
      if (!ctx)
        throw ApplicationFailure.nonRetryable(`No procedure ${procedureCode}`, 'UNKNOWN_PROCEDURE');
      const full = { ...ctx, ward: { ...ctx.ward, code: wardCode } };
      // Like activities/case-context.ts: only what the workflow reads when it asks for that.
      return lean ? leanContext(full) : full;
    },
    // Like activities/read-model.ts: a delta applies to the projection at its base (or at its own
    // entry, a retry); anything else is refused and the workflow sends the whole state.
    async recordCaseEvent(input) {
      calls.sent.push(input);
      const { state, delta, ...rest } = input;
      const code = state?.code ?? delta?.code ?? '';
      const stored = projections.get(code);
      let whole = state;
      if (!whole && delta && stored && [delta.base, rest.entry.seq].includes(stored.version)) {
        whole = applyDelta(stored.state, delta, rest.entry);
      }
      if (!whole) {
        throw ApplicationFailure.create({
          type: PROJECTION_BEHIND,
          message: code,
          nonRetryable: true,
        });
      }
      if (!stored || stored.version < rest.entry.seq) {
        projections.set(code, { state: whole, version: rest.entry.seq });
      }
      calls.records.push({ ...rest, state: whole });
    },
    async issueDocument(input) {
      calls.documents.push(input);
      const at = input.content.issuedAt;
      const doc: DocumentRef = {
        id: `${input.caseCode}/${input.key}`,
        kind: input.kind,
        title: input.kind,
        createdAt: at,
        sha256: '0'.repeat(64),
        signatures: input.signers.map((s) => signatureOf(s, at)),
      };
      if (input.kind === 'CONTROL_SHEET') sheets.set(doc.id, doc);
      issued.set(doc.id, doc);
      return doc;
    },
    async signControlSheet(input) {
      if (input.signer.kind === 'official' && input.signer.grant === 'bad-grant') {
        throw ApplicationFailure.nonRetryable(
          'The signing grant has expired.',
          'SIGNING_GRANT_INVALID',
        );
      }
      calls.sheetRows.push(input);
      const sheet = sheets.get(input.documentId);
      if (!sheet) throw ApplicationFailure.nonRetryable('no such sheet', 'NOT_FOUND');
      const signed = {
        ...sheet,
        signatures: [...sheet.signatures, signatureOf(input.signer, input.row.at)],
      };
      sheets.set(sheet.id, signed);
      return signed;
    },
    async sealArchive(input) {
      calls.archived.push(input.documentIds);
      // The archived version: the same document with new bytes (a DSS and a document time-stamp).
      return input.documentIds.map((id) => {
        const doc = sheets.get(id) ?? issued.get(id);
        if (!doc) throw ApplicationFailure.nonRetryable(`no document ${id}`, 'NOT_FOUND');
        return { ...doc, sha256: 'a'.repeat(64) };
      });
    },
    async renewArchiveTimestamps() {
      return { checked: 0, renewed: [], failed: [] };
    },
    async beginAwaitedSignature(input) {
      calls.awaited.begins.push(input);
      const id = `${input.caseCode}/${input.key}`;
      const script = scripts.get(input.caseCode) ?? {};
      // One transaction per (case, key), whatever the retries.
      if (!pending.has(id)) {
        pending.set(id, input);
        calls.awaited.transactions.push(id);
        if (script.crashAfterAsking) {
          script.crashAfterAsking = false;
          throw ApplicationFailure.retryable('worker lost after asking the signer', 'CRASH');
        }
      }
      return status(input.caseCode, 'PENDING');
    },
    async awaitSignature(input) {
      const script = scripts.get(input.caseCode) ?? {};
      if (script.crashWhileWaiting) {
        script.crashWhileWaiting = false;
        throw ApplicationFailure.retryable('worker lost while waiting', 'CRASH');
      }
      const decided = () => scripts.get(input.caseCode)?.decision;
      for (let i = 0; i < 400 && !decided(); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return status(input.caseCode, decided() ?? 'EXPIRED');
    },
    async completeAwaitedSignature(input) {
      const id = `${input.caseCode}/${input.key}`;
      const begun = pending.get(id);
      if (!begun) throw ApplicationFailure.nonRetryable(`nothing awaited ${id}`, 'NOT_FOUND');
      calls.awaited.completed.push(id);
      const signer = { kind: 'official' as const, actor: begun.official, grant: '' };
      return begun.jobs.map((job) => {
        if (job.kind === 'row') {
          const sheet = sheets.get(job.documentId) as DocumentRef;
          const signed = {
            ...sheet,
            signatures: [...sheet.signatures, signatureOf(signer, job.row.at)],
          };
          sheets.set(sheet.id, signed);
          return signed;
        }
        calls.documents.push(job.issue);
        const at = job.issue.content.issuedAt;
        const doc: DocumentRef = {
          id: `${job.issue.caseCode}/${job.issue.key}`,
          kind: job.issue.kind,
          title: job.issue.kind,
          createdAt: at,
          sha256: '0'.repeat(64),
          signatures: job.issue.signers.map((s) => signatureOf(s, at)),
        };
        issued.set(doc.id, doc);
        return doc;
      });
    },
  };
  return { calls, activities, scripts, loseProjection, projections };
}

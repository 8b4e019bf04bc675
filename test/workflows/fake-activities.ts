/**
 * In-memory stand-ins for the case activities, for workflow tests on the time-skipping server.
 * They record every call so tests can assert what the workflow asked for.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  CaseActivities,
  IssueDocumentInput,
  RecordEventInput,
  SignControlSheetInput,
  SignerRef,
} from '../../activities/types';
import type { CaseContext, DocumentRef, SignatureRef } from '../../workflows/state';

export interface FakeCalls {
  records: RecordEventInput[];
  documents: IssueDocumentInput[];
  sheetRows: SignControlSheetInput[];
  archived: string[][];
}

function signatureOf(signer: SignerRef, at: string): SignatureRef {
  return signer.kind === 'official'
    ? { signerName: signer.actor.name, role: 'OFFICIAL', signedAt: at }
    : { signerName: `Con dấu ${signer.unitCode}`, role: 'SEAL', signedAt: at };
}

export function fakeActivities(contexts: Record<string, CaseContext>) {
  const calls: FakeCalls = { records: [], documents: [], sheetRows: [], archived: [] };
  const sheets = new Map<string, DocumentRef>();
  const issued = new Map<string, DocumentRef>();
  const activities: CaseActivities = {
    async loadCaseContext({ procedureCode, wardCode }) {
      const ctx = contexts[procedureCode];
      if (!ctx)
        throw ApplicationFailure.nonRetryable(`No procedure ${procedureCode}`, 'UNKNOWN_PROCEDURE');
      return { ...ctx, ward: { ...ctx.ward, code: wardCode } };
    },
    async recordCaseEvent(input) {
      calls.records.push(input);
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
  };
  return { calls, activities };
}

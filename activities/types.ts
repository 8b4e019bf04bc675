/**
 * The interface between the case workflow and its side effects. The workflow imports these types
 * only; `activities/index.ts` provides the implementations to the worker.
 */
import type { NotificationRequest } from '../domain/notification-rules';
import type { DocumentKind, Stage } from '../domain/types';
import type {
  ActorRef,
  CaseContext,
  CaseState,
  DocumentRef,
  TimelineEntry,
} from '../workflows/state';
import type { CaseStateDelta } from '../workflows/state-delta';

export type {
  NotificationEvent,
  NotificationRequest,
  Recipient,
} from '../domain/notification-rules';

/**
 * One event of a case: its timeline entry, and the state after it — whole (`state`: the first
 * event, histories from before patch "bookkeeping-delta", and a resend that repairs the
 * projection) or as the fields that changed since the last recorded event (`delta`).
 */
export interface RecordEventInput {
  state?: CaseState;
  delta?: CaseStateDelta;
  entry: TimelineEntry;
  /**
   * The application as filed; sent with the first event (unless the submission stored it with
   * the case record) and a repairing resend.
   */
  form?: Record<string, unknown>;
  /**
   * The procedure and units as the case started; sent with the first event before patch
   * "lean-history". Without it the projection takes them from the catalogue when it has none.
   */
  context?: CaseContext;
  notifications?: NotificationRequest[];
}

/** An event with the whole state (what the projection, the audit and the outbox read). */
export type FullEventInput = Omit<RecordEventInput, 'state' | 'delta'> & { state: CaseState };

/** Whose key signs: an official's (through a one-time grant) or a unit's seal. */
export type SignerRef =
  | { kind: 'official'; actor: ActorRef; grant: string }
  | { kind: 'seal'; unitCode: string; onBehalfOf?: ActorRef };

/** What the workflow adds to the case's data for a document. */
export interface DocumentContent {
  issuedAt: string;
  stage: Stage;
  reason?: string;
  note?: string;
  missingDocuments?: string[];
  /** For a receipt and the control sheet: when the dossier was accepted, and the appointment. */
  acceptedAt?: string;
  appointmentAt?: string;
  /** For a supplement request: the applicant's deadline. */
  answerBy?: string;
  /** For an apology: the original and the new appointment, and the late unit. */
  originalDueAt?: string;
  newDueAt?: string;
  lateUnitCode?: string;
  /** The official who decided (refusal, decision) or handled (receipt, supplement request). */
  official?: ActorRef;
}

export interface IssueDocumentInput {
  caseCode: string;
  /** Idempotency key: a retry with the same key returns the stored document. */
  key: string;
  kind: DocumentKind;
  content: DocumentContent;
  /**
   * Who signs, in order, each as an incremental update. The activity places each signature in
   * the template's field for that kind of signer (an official's block, or the seal).
   */
  signers: SignerRef[];
}

/** One row of the control sheet, written into that step's signature appearance. */
export interface ControlSheetStep {
  /** 1-based row of the sheet. */
  step: number;
  at: string;
  result: 'EARLY' | 'ON_TIME' | 'LATE';
  outcome: string;
  note?: string;
}

export interface SignControlSheetInput {
  caseCode: string;
  key: string;
  documentId: string;
  signer: SignerRef;
  row: ControlSheetStep;
}

/** One document an official's awaited signature covers (see workflows/signing-step.ts). */
export type AwaitedJob =
  | { kind: 'row'; documentId: string; key: string; row: ControlSheetStep }
  | { kind: 'issue'; issue: IssueDocumentInput };

export interface AwaitedSignatureInput {
  caseCode: string;
  /** The step: one record, one transaction with the signer, one signature per key. */
  key: string;
  official: ActorRef;
  /** Signed with one confirmation, in order. */
  jobs: AwaitedJob[];
}

/** Where an awaited signature stands. */
export interface AwaitedSignatureStatus {
  status: 'PENDING' | 'SIGNED' | 'REFUSED' | 'EXPIRED' | 'CANCELLED';
  method: 'REMOTE' | 'TOKEN';
  /** ISO 8601: when the signer's confirmation window closes. */
  expiresAt: string | null;
  /** Why it was not given (Vietnamese, for the official). */
  message: string | null;
}

/**
 * Signatures awaited from a person (remote signing service, token): prepared and requested once,
 * awaited by a heartbeating poll, then completed into the documents. Each is idempotent per
 * (case, key): a retry resumes the same transaction.
 */
export interface AwaitedSignatureActivities {
  beginAwaitedSignature(input: AwaitedSignatureInput): Promise<AwaitedSignatureStatus>;
  awaitSignature(input: { caseCode: string; key: string }): Promise<AwaitedSignatureStatus>;
  /** The signed documents, in the order of the jobs. */
  completeAwaitedSignature(input: { caseCode: string; key: string }): Promise<DocumentRef[]>;
}

export interface CaseActivities extends ArchiveActivities, AwaitedSignatureActivities {
  /** Resolves the procedure and units (fails for good on unknown codes). */
  loadCaseContext(input: {
    procedureCode: string;
    wardCode: string;
    applicant?: unknown;
    form?: unknown;
    /** Only what the workflow reads (workflows/lean-history.ts `leanContext`). */
    lean?: boolean;
  }): Promise<CaseContext>;
  /** Writes the read model, the audit log and the notification outbox for one event. */
  recordCaseEvent(input: RecordEventInput): Promise<void>;
  /** Renders a document, signs it, stores it; idempotent per (case, key). */
  issueDocument(input: IssueDocumentInput): Promise<DocumentRef>;
  /** Adds one official's signed row to the control sheet; idempotent per (case, key). */
  signControlSheet(input: SignControlSheetInput): Promise<DocumentRef>;
}

/**
 * Long-term archive activities (PAdES B-LTA), part of {@link CaseActivities}: the case workflow
 * calls `sealArchive` at handover; the archive-renewal Schedule runs the renewal.
 */
export interface ArchiveActivities {
  /**
   * At handover: DSS + document time-stamp (PAdES B-LTA) on the decision and the completed
   * control sheet; idempotent per document.
   */
  sealArchive(input: { caseCode: string; documentIds: string[] }): Promise<DocumentRef[]>;
  /** Renews the document time-stamps of archived documents before their TSA certificate ends. */
  renewArchiveTimestamps(input?: { marginDays?: number; limit?: number; now?: string }): Promise<{
    checked: number;
    renewed: string[];
    failed: Array<{ documentId: string; error: string }>;
  }>;
}

/**
 * The state of one case as the workflow keeps it, and the shapes that cross the workflow boundary
 * (its input, its result, the records it hands to activities). Plain data, no I/O.
 */
import type { CalendarData, PackedCalendarData } from '../domain/calendar';
import type {
  Actor,
  Applicant,
  DocumentKind,
  Outcome,
  Procedure,
  Stage,
  Unit,
} from '../domain/types';

/** What starts a case. The workflow id is `code`. */
export interface CaseInput {
  /** Dossier code `{agencyId}-{yyMMdd}-{serial}`; also the workflow id. */
  code: string;
  procedureCode: string;
  wardCode: string;
  applicant: Applicant;
  form: Record<string, unknown>;
  /** When the dossier was received (ISO 8601); defaults to the workflow's start time. */
  submittedAt?: string;
  channel?: 'ONLINE' | 'COUNTER';
  /**
   * The submission validated the applicant and the form and wrote the form to the case record
   * (services/applications/submit.ts): since patch "lean-history" they are not checked again and
   * the first event does not carry the form (workflows/lean-history.ts).
   */
  formStored?: boolean;
  /** Documents stored before the case started: the signed application form, attachments. */
  documents?: DocumentRef[];
  /** Backdated demo cases only: the case's time lags the real time by this much (case-clock.ts). */
  clock?: { offsetMs: number };
  /** A run continued as new: the case as the previous run left it (nothing is loaded or issued again). */
  carried?: CarriedCase;
  /** History length at which the case continues as new at its next quiet moment (tests lower it). */
  continueAsNewAfterEvents?: number;
}

/** What a run hands to the next when it continues as new (workflows/continuation.ts). */
export interface CarriedCase {
  state: CaseState;
  context: CaseContext;
  /** The working-day calendar in use (absent: CALENDAR_V1). */
  calendar?: CalendarData;
  controlSheet: DocumentRef | null;
  /** Timeline entries already recorded. */
  recorded: number;
  /** The next request id: document and signature keys contain ids, they must not repeat. */
  nextRequestId: number;
  clock?: { offsetMs: number };
}

/** What the workflow reads of a procedure (cases from before patch "lean-history" hold all of it). */
export type CaseProcedure = Pick<
  Procedure,
  'code' | 'name' | 'departmentCode' | 'chain' | 'sla' | 'totalWorkingDays'
> &
  Partial<Procedure>;

/** What the workflow reads of a unit (cases from before patch "lean-history" hold all of it). */
export type CaseUnit = Pick<Unit, 'code' | 'name' | 'kind'> & Partial<Unit>;

/** Everything the workflow needs to know about the procedure and units, fixed at the start. */
export interface CaseContext {
  procedure: CaseProcedure;
  ward: CaseUnit;
  department: CaseUnit;
  /**
   * The working-day calendar the case computes its deadlines with, recorded in its history
   * (absent in cases started before patch "calendar-in-history": they use CALENDAR_V1), packed
   * since patch "lean-history".
   */
  calendar?: CalendarData | PackedCalendarData;
}

/** An official as printed in the timeline (no roles, no secrets). */
export interface ActorRef {
  id: string;
  name: string;
  title: string;
  unitCode: string | null;
}

export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, name: actor.fullName, title: actor.title, unitCode: actor.unitCode };
}

export interface TimelineEntry {
  /** Position in the case's history; the read model ignores an entry it already has. */
  seq: number;
  at: string;
  stage: Stage;
  action: string;
  actor: ActorRef | null;
  note: string | null;
}

export interface SignatureRef {
  signerName: string;
  role: string;
  signedAt: string;
}

export interface DocumentRef {
  id: string;
  kind: DocumentKind | 'ATTACHMENT';
  title: string;
  createdAt: string;
  sha256: string;
  signatures: SignatureRef[];
}

/** A signature the case waits for from a person (remote signing service, token). */
export interface PendingSignatureView {
  /** The step key of the awaited signature (pending_signatures record). */
  key: string;
  method: 'REMOTE' | 'TOKEN';
  status: 'PENDING' | 'REFUSED' | 'EXPIRED' | 'CANCELLED';
  action: 'approve' | 'reject';
  official: ActorRef;
  requestedAt: string;
  expiresAt: string | null;
  /** Why it was not given (Vietnamese). */
  message: string | null;
}

export interface SupplementRequest {
  requestedAt: string;
  missingDocuments: string[];
  note: string | null;
  /** The case expires when the applicant has not answered by then. */
  dueAt: string;
}

export interface CaseState {
  code: string;
  procedureCode: string;
  procedureName: string;
  wardCode: string;
  departmentCode: string;
  applicant: Applicant;
  stage: Stage;
  outcome: Outcome | null;
  submittedAt: string;
  /** When verification accepted the dossier as complete (the statutory clock's start). */
  acceptedAt: string | null;
  /** The appointment for the result; moved once by an apology letter. */
  dueAt: string;
  originalDueAt: string;
  reappointed: boolean;
  stageEnteredAt: string;
  /** Null where no official's deadline runs (e.g. while the result waits for the applicant). */
  stageDueAt: string | null;
  /** The unit whose officials act in the current stage. */
  stageUnitCode: string;
  atRisk: boolean;
  overdue: boolean;
  /** The official a supervisor assigned to the current stage; null = anyone eligible. */
  assignee: ActorRef | null;
  /** Index into the procedure's chain while in an approval stage. */
  chainIndex: number;
  supplement: SupplementRequest | null;
  supplementRounds: number;
  timeline: TimelineEntry[];
  documents: DocumentRef[];
  resultReadyAt: string | null;
  completedAt: string | null;
  /** Whether the result was ready by the (original) appointment; null while in progress. */
  onTime: boolean | null;
  /**
   * The awaited signature of the current action, or the last one that was not given (absent in
   * cases from before patch "awaited-signature").
   */
  pendingSignature?: PendingSignatureView | null;
}

export interface CaseResult {
  code: string;
  stage: Stage;
  outcome: Outcome | null;
  completedAt: string | null;
  onTime: boolean | null;
}

/**
 * The messages a case accepts: officials' actions and supervisors' reassignments are Workflow
 * Updates with validators (rejected before anything is recorded, the caller gets the reason at
 * once); applicants' supplement and withdrawal are Updates too, so the API can answer 409 when the
 * stage does not allow them; collecting the result is a signal; `caseState` is the query; `opened` waits for the case to be
 * readable.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OfficialAction } from '../domain/stages';
import type { CalendarData } from '../domain/calendar';
import type { Actor, Stage } from '../domain/types';
import type { CaseState, DocumentRef } from './state';

export { OFFICIAL_ACTIONS, type OfficialAction } from '../domain/stages';

export interface ActionRequest {
  action: OfficialAction;
  actor: Actor;
  note?: string;
  reason?: string;
  missingDocuments?: string[];
  /**
   * One-time grant to use the actor's signing key, issued by the API after it checked the PIN.
   * The PIN itself never enters the workflow's history.
   */
  signingGrant?: string;
  /**
   * The official signs through a remote signing service or a token instead of the server-held
   * key: the signature is an awaited step (workflows/signing-step.ts), no grant is needed.
   */
  signingMethod?: AwaitedSigningMethod;
}

export type AwaitedSigningMethod = 'REMOTE' | 'TOKEN';

export interface SupplementRequestAnswer {
  note?: string;
  /** Ids of the attachments stored with the answer (kept for older callers; see `documents`). */
  documentIds?: string[];
  /** The attachments stored with the answer; they join the case's documents. */
  documents?: DocumentRef[];
}

export interface WithdrawRequest {
  reason: string;
}

export interface ReassignRequest {
  actor: Actor;
  to: Actor;
  note?: string;
}

export interface ResultCollected {
  /** Who collected: the applicant online, or a note from the desk. */
  by: 'APPLICANT_DOWNLOAD' | 'DESK';
}

/** Failure types the workflow raises when it refuses a message; the API maps them to HTTP. */
export type RefusalType = 'WRONG_STAGE' | 'FORBIDDEN' | 'VALIDATION_FAILED' | 'ACTION_FAILED';

/**
 * What an Update answers since patch "lean-history" (workflows/lean-history.ts): where the case
 * stands — `version`, the timeline position of its last recorded event, which the read model has
 * reached by then — instead of the whole case, which every answer used to copy into the history.
 */
export interface CaseReceipt {
  code: string;
  version: number;
  stage: Stage;
}

/** An Update's answer: a receipt, or the whole case from a run before "lean-history". */
export type CaseAnswer = CaseReceipt | CaseState;

/** Whether `answer` is the whole case (a run from before patch "lean-history"). */
export function isWholeCase(answer: CaseAnswer): answer is CaseState {
  return Array.isArray((answer as Partial<CaseState>).timeline);
}

export const actUpdate = defineUpdate<CaseAnswer, [ActionRequest]>('act');
export const provideSupplementUpdate = defineUpdate<CaseAnswer, [SupplementRequestAnswer]>(
  'provideSupplement',
);
export const withdrawUpdate = defineUpdate<CaseAnswer, [WithdrawRequest]>('withdraw');
export const reassignUpdate = defineUpdate<CaseAnswer, [ReassignRequest]>('reassign');
export const resultCollectedSignal = defineSignal<[ResultCollected]>('resultCollected');
/**
 * The holiday table changed (the Government's annual notice, a swapped day): the case computes
 * its deadlines from now on with this calendar. Deadlines already set (the appointment printed
 * on the receipt, the current stage's deadline) stay as they are.
 */
export const calendarUpdatedSignal = defineSignal<[CalendarData]>('calendarUpdated');
export const caseStateQuery = defineQuery<CaseState>('caseState');
/**
 * Answers (a receipt, `CaseAnswer`) once the awaited signature it shows is settled (given and the step
 * done, or refused, expired, cancelled) and recorded: the API sends it after a token's values
 * arrive, so that the official's answer shows where the case went.
 */
export const signatureSettledUpdate = defineUpdate<CaseAnswer, []>('signatureSettled');
/**
 * Answers (a receipt, `CaseAnswer`) once its first event (the submission) is in the read model: the API
 * waits on it before it answers a submission, so that a 201 means the case can be read and
 * acted on at once (read-your-writes).
 */
export const openedUpdate = defineUpdate<CaseAnswer, []>('opened');

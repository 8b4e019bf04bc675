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
import type { Actor } from '../domain/types';
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

export const actUpdate = defineUpdate<CaseState, [ActionRequest]>('act');
export const provideSupplementUpdate = defineUpdate<CaseState, [SupplementRequestAnswer]>(
  'provideSupplement',
);
export const withdrawUpdate = defineUpdate<CaseState, [WithdrawRequest]>('withdraw');
export const reassignUpdate = defineUpdate<CaseState, [ReassignRequest]>('reassign');
export const resultCollectedSignal = defineSignal<[ResultCollected]>('resultCollected');
/**
 * The holiday table changed (the Government's annual notice, a swapped day): the case computes
 * its deadlines from now on with this calendar. Deadlines already set (the appointment printed
 * on the receipt, the current stage's deadline) stay as they are.
 */
export const calendarUpdatedSignal = defineSignal<[CalendarData]>('calendarUpdated');
export const caseStateQuery = defineQuery<CaseState>('caseState');
/**
 * Answers with the case once the awaited signature it shows is settled (given and the step
 * done, or refused, expired, cancelled) and recorded: the API sends it after a token's values
 * arrive, so that the official's answer shows where the case went.
 */
export const signatureSettledUpdate = defineUpdate<CaseState, []>('signatureSettled');
/**
 * Answers with the case once its first event (the submission) is in the read model: the API
 * waits on it before it answers a submission, so that a 201 means the case can be read and
 * acted on at once (read-your-writes).
 */
export const openedUpdate = defineUpdate<CaseState, []>('opened');

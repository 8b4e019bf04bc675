/**
 * Who is told what at each event of a case: the notification rules of the one-stop chain, from the
 * timeline action and the case as it stands after it. Pure; the workflow sends the requests with
 * the event, the notification activity resolves the addresses (activities/notifications/outbox.ts).
 *
 * The applicant is told of each step the one-stop forms put in writing (Circular 03/2025/TT-VPCP:
 * receipt, supplement request, refusal, apology with a new appointment) and of the result; the
 * officials of the stage of its hand-ons, deadlines and reassignments; the supervisors of late cases.
 */
import { requiredRole } from './stages';
import type { Role, Stage } from './types';

/** Who receives a notification; the activity resolves addresses from the read model. */
export type Recipient = { applicant: true } | { role: Role; unitCode: string | null };

export type NotificationEvent =
  | 'RECEIVED'
  | 'ACCEPTED'
  | 'SUPPLEMENT_REQUESTED'
  | 'SUPPLEMENT_REMINDER'
  | 'STAGE_AT_RISK'
  | 'STAGE_OVERDUE'
  | 'REAPPOINTED'
  | 'RESULT_READY'
  | 'CLOSED'
  | 'COMPLETED'
  | 'ASSIGNED'
  /** A supervisor (or the unit's head) escalated the case: outside the workflow. */
  | 'ESCALATED';

export interface NotificationRequest {
  to: Recipient;
  event: NotificationEvent;
}

/** The case after the event, as far as the rules are concerned. */
export interface NotifiedCase {
  wardCode: string;
  stage: Stage;
  stageUnitCode: string;
}

type Rule = (c: NotifiedCase) => NotificationRequest[];

const applicant = (event: NotificationEvent): NotificationRequest => ({
  to: { applicant: true },
  event,
});
const desk = (c: NotifiedCase, event: NotificationEvent): NotificationRequest => ({
  to: { role: 'RECEIVER', unitCode: c.wardCode },
  event,
});
/** The officials who act in the case's current stage (after a hand-on: the next level's). */
const stageOfficials = (c: NotifiedCase, event: NotificationEvent): NotificationRequest => ({
  to: { role: requiredRole(c.stage) ?? 'RECEIVER', unitCode: c.stageUnitCode },
  event,
});
const supervisors = (event: NotificationEvent): NotificationRequest => ({
  to: { role: 'SUPERVISOR', unitCode: null },
  event,
});
const closed: Rule = () => [applicant('CLOSED')];

const RULES = new Map<string, Rule>(
  Object.entries({
    submit: (c) => [applicant('RECEIVED'), desk(c, 'RECEIVED')],
    provide_supplement: (c) => [desk(c, 'RECEIVED')],
    accept: (c) => [applicant('ACCEPTED'), stageOfficials(c, 'ACCEPTED')],
    request_supplement: () => [applicant('SUPPLEMENT_REQUESTED')],
    // The last level's approval makes the result ready; an earlier one hands the case on.
    approve: (c) =>
      c.stage === 'RESULT_READY'
        ? [applicant('RESULT_READY'), desk(c, 'RESULT_READY')]
        : [stageOfficials(c, 'ACCEPTED')],
    refuse: closed,
    reject: closed,
    withdraw: closed,
    expire: closed,
    handover: () => [applicant('COMPLETED')],
    reassign: (c) => [stageOfficials(c, 'ASSIGNED')],
    supplement_reminder: () => [applicant('SUPPLEMENT_REMINDER')],
    at_risk: (c) => [stageOfficials(c, 'STAGE_AT_RISK'), supervisors('STAGE_AT_RISK')],
    overdue: (c) => [stageOfficials(c, 'STAGE_OVERDUE'), supervisors('STAGE_OVERDUE')],
    reappoint: () => [applicant('REAPPOINTED'), supervisors('REAPPOINTED')],
  } satisfies Record<string, Rule>),
);

/** The notifications of a timeline action; undefined for actions nobody is told of (signatures). */
export function notificationsFor(
  action: string,
  after: NotifiedCase,
): NotificationRequest[] | undefined {
  return RULES.get(action)?.(after);
}

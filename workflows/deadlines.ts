/**
 * The deadlines of a case in Vietnamese working time: one working day before a stage's deadline it
 * is at risk (officials and supervisors are warned; an applicant asked for a supplement is
 * reminded); past it the case is overdue (flagged in the search attributes, escalated) or, waiting
 * for a supplement, expires. An apology letter with a new appointment comes, once per case, when a
 * late stage makes the appointment unreachable or one working day before the appointment at the
 * latest (Circular 03/2025/TT-VPCP, Mẫu số 04: the late unit apologises and sets a new date; the
 * rules allow one re-appointment).
 *
 * Deterministic: case time only (workflows/case-clock.ts).
 */
import type { WorkingCalendar } from '../domain/calendar';
import { isApprovalStage, STAGE_LABELS } from '../domain/stages';
import type { ActorRef, CaseContext, CaseState, DocumentRef } from './state';
import { caseNow } from './case-clock';
import type { DocumentSpec } from './case-run';
import type { Timer } from './inbox';
import { background, type Via } from './proxies';

/** What the deadlines need of the case run. */
export interface DeadlineHost {
  readonly state: CaseState;
  readonly ctx: CaseContext;
  readonly cal: WorkingCalendar;
  record(action: string, actor: ActorRef | null, note: string | null): Promise<void>;
  issue(doc: DocumentSpec, via: Via): Promise<DocumentRef>;
  publishSearchAttributes(): void;
}

const iso = (d: Date): string => d.toISOString();

/** The earliest deadline event still to come in the current stage, if any. */
export function nextDeadline(host: DeadlineHost): Timer | null {
  const { state, cal } = host;
  const { stageDueAt, stage, acceptedAt, reappointed, dueAt } = state;
  const events: Timer[] = [];
  if (stageDueAt) {
    const due = new Date(stageDueAt);
    const entered = new Date(state.stageEnteredAt);
    const risk = cal.atRiskAt(due);
    // A stage of a working day or less is at risk from its start: no separate warning.
    if (!state.atRisk && risk > entered) {
      events.push({ at: risk, fire: async () => (await onAtRisk(host), null) });
    } else if (stage === 'SUPPLEMENT_REQUESTED') {
      events.push({ at: due, fire: async () => ({ id: 0, kind: 'expired' }) });
    } else if (!state.overdue) {
      events.push({ at: due, fire: async () => (await onOverdue(host), null) });
    }
  }
  if (acceptedAt && !reappointed && isApprovalStage(stage)) {
    events.push({
      at: cal.atRiskAt(new Date(dueAt)),
      fire: async () => (
        await reappoint(host, 'Hồ sơ không thể giải quyết kịp thời hạn đã hẹn.'),
        null
      ),
    });
  }
  return events.reduce<Timer | null>((a, b) => (!a || b.at < a.at ? b : a), null);
}

async function onAtRisk(host: DeadlineHost): Promise<void> {
  host.state.atRisk = true;
  const supplement = host.state.stage === 'SUPPLEMENT_REQUESTED';
  await host.record(supplement ? 'supplement_reminder' : 'at_risk', null, null);
}

async function onOverdue(host: DeadlineHost): Promise<void> {
  const { state } = host;
  state.overdue = true;
  state.atRisk = true;
  host.publishSearchAttributes();
  await host.record('overdue', null, null);
  if (state.acceptedAt && !state.reappointed && projectedCompletion(host) > new Date(state.dueAt)) {
    await reappoint(host, `Hồ sơ giải quyết quá thời hạn ở bước: ${STAGE_LABELS[state.stage]}.`);
  }
}

/** The apology letter with a new appointment (the rules allow one re-appointment). */
async function reappoint(host: DeadlineHost, reason: string): Promise<void> {
  const { state } = host;
  const later = host.cal.addWorkingDays(new Date(state.dueAt), 1);
  const projected = projectedCompletion(host);
  const newDueAt = iso(projected > later ? projected : later);
  const late = state.stageUnitCode;
  await host.issue(
    {
      key: 'apology',
      kind: 'APOLOGY',
      content: { reason, originalDueAt: state.dueAt, newDueAt, lateUnitCode: late },
      signers: [{ kind: 'seal', unitCode: late }],
    },
    background,
  );
  state.dueAt = newDueAt;
  state.reappointed = true;
  await host.record('reappoint', null, reason);
}

/** When the chain would finish if the current stage took one more day and the rest their SLA. */
function projectedCompletion(host: DeadlineHost): Date {
  const { state } = host;
  const { sla, chain } = host.ctx.procedure;
  const later = state.stage === 'VERIFICATION' ? chain : chain.slice(state.chainIndex + 1);
  const days = later.reduce((sum, l) => sum + ((l === 'WARD' ? sla.ward : sla.department) ?? 0), 1);
  return host.cal.addWorkingDays(caseNow(), days);
}

/**
 * Patch "lean-history": a case's history carries what the workflow reads and what changed, not
 * copies of what is kept elsewhere. Since it:
 *
 * - `loadCaseContext` answers only the fields of the procedure and the units the workflow reads
 *   (`leanContext`), with the calendar packed (domain/calendar/calendar-data.ts `packCalendar`); a submission that validated and stored the application
 *   (`CaseInput.formStored`) is not sent to it again;
 * - the first event carries no context (the bookkeeping takes the procedure and the units from the
 *   catalogue when the projection has none) and, when the submission stored it, no form;
 * - a delta carries the documents that changed, not the whole list (workflows/state-delta.ts);
 * - an Update answers where the case stands (`CaseReceipt`: the position of its last recorded
 *   event), not the whole case: the API shows its read model at that position (api/case-answer.ts).
 *
 * One patch for all of them: each point decides on its own, and each is read both ways.
 */
import { calendarOf, packCalendar } from '../domain/calendar/calendar-data';
import type { CaseContext } from './state';

export const LEAN_PATCH = 'lean-history';

/** The context with only what the workflow reads of the procedure and the units. */
export function leanContext(ctx: CaseContext): CaseContext {
  const { code, name, departmentCode, chain, sla, totalWorkingDays } = ctx.procedure;
  const unit = ({ code, name, kind }: CaseContext['ward']) => ({ code, name, kind });
  return {
    procedure: { code, name, departmentCode, chain, sla, totalWorkingDays },
    ward: unit(ctx.ward),
    department: unit(ctx.department),
    ...(ctx.calendar ? { calendar: packCalendar(calendarOf(ctx.calendar)) } : {}),
  };
}

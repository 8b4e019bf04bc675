/**
 * Resolves a case's procedure and units from the catalogue and its working-day calendar, once, at
 * the start of the case (since patch "lean-history" only what the workflow reads of them), and
 * checks the applicant and the form the case was started with (the API validates them first; a
 * case started by hand with the Temporal CLI meets the same rules here, before anything is written).
 */
import { ApplicationFailure } from '@temporalio/common';
import { calendarDataOf, HOLIDAY_TABLE } from '../domain/calendar';
import { getProcedure, getUnit } from '../domain/catalogue';
import type { Procedure, Unit } from '../domain/types';
import { leanContext } from '../workflows/lean-history';
import type { CaseContext } from '../workflows/state';
import { renderProblem } from '../contract/problems';
import type { FieldProblem } from '../contract/problems';
import { normalizeStrings, validateApplicant, validateForm } from './applications/validation';

export async function loadCaseContext(input: {
  procedureCode: string;
  wardCode: string;
  applicant?: unknown;
  form?: unknown;
  lean?: boolean;
}): Promise<CaseContext> {
  const { procedure, ward, department } = catalogueContext(input.procedureCode, input.wardCode);
  if (input.applicant !== undefined || input.form !== undefined) {
    const problems: FieldProblem[] = [];
    validateApplicant(normalizeStrings(input.applicant), problems);
    validateForm(normalizeStrings(input.form), procedure, problems);
    if (problems.length > 0) {
      throw ApplicationFailure.create({
        nonRetryable: true,
        type: 'VALIDATION_FAILED',
        // The path first (the operator fixes the JSON), then the field's own words.
        message: `The case input is invalid: ${problems.map((p) => `${p.field} — ${renderProblem(p, 'en').message}`).join('; ')}`,
        details: [problems],
      });
    }
  }
  // The catalogue and today's working-day calendar, as plain data recorded in the case's history:
  // the workflow computes every deadline of this case from them, whatever tables later workers
  // bundle (a new calendar reaches a running case only through the calendarUpdated signal).
  const context: CaseContext = {
    procedure,
    ward,
    department,
    calendar: calendarDataOf(HOLIDAY_TABLE),
  };
  return JSON.parse(JSON.stringify(input.lean ? leanContext(context) : context)) as CaseContext;
}

/** The procedure and its units from the catalogue (fails for good on unknown codes). */
export function catalogueContext(
  procedureCode: string,
  wardCode: string,
): { procedure: Procedure; ward: Unit; department: Unit } {
  const procedure = getProcedure(procedureCode);
  if (!procedure) {
    throw ApplicationFailure.nonRetryable(
      `Unknown procedure ${procedureCode}.`,
      'UNKNOWN_PROCEDURE',
    );
  }
  const ward = getUnit(wardCode);
  if (!ward || ward.kind !== 'WARD') {
    throw ApplicationFailure.nonRetryable(`Unknown ward ${wardCode}.`, 'UNKNOWN_UNIT');
  }
  const department = getUnit(procedure.departmentCode);
  if (!department) {
    throw ApplicationFailure.nonRetryable(
      `Unknown department ${procedure.departmentCode}.`,
      'UNKNOWN_UNIT',
    );
  }
  return { procedure, ward, department };
}

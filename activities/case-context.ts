/**
 * Resolves a case's procedure and units from the catalogue, once, at the start of the case, and
 * checks the applicant and the form the case was started with (the API validates them first; a
 * case started by hand with the Temporal CLI meets the same rules here, before anything is written).
 */
import { ApplicationFailure } from '@temporalio/common';
import { getProcedure, getUnit } from '../domain/catalogue';
import type { CaseContext } from '../workflows/state';
import type { FieldProblem } from './applications/errors';
import { normalizeStrings, validateApplicant, validateForm } from './applications/validation';

export async function loadCaseContext(input: {
  procedureCode: string;
  wardCode: string;
  applicant?: unknown;
  form?: unknown;
}): Promise<CaseContext> {
  const procedure = getProcedure(input.procedureCode);
  if (!procedure) {
    throw ApplicationFailure.nonRetryable(
      `Unknown procedure ${input.procedureCode}.`,
      'UNKNOWN_PROCEDURE',
    );
  }
  const ward = getUnit(input.wardCode);
  if (!ward || ward.kind !== 'WARD') {
    throw ApplicationFailure.nonRetryable(`Unknown ward ${input.wardCode}.`, 'UNKNOWN_UNIT');
  }
  const department = getUnit(procedure.departmentCode);
  if (!department) {
    throw ApplicationFailure.nonRetryable(
      `Unknown department ${procedure.departmentCode}.`,
      'UNKNOWN_UNIT',
    );
  }
  if (input.applicant !== undefined || input.form !== undefined) {
    const problems: FieldProblem[] = [];
    validateApplicant(normalizeStrings(input.applicant), problems);
    validateForm(normalizeStrings(input.form), procedure, problems);
    if (problems.length > 0) {
      throw ApplicationFailure.create({
        nonRetryable: true,
        type: 'VALIDATION_FAILED',
        message: `The case input is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
        details: [problems],
      });
    }
  }
  // The catalogue is frozen data; the workflow gets a plain copy, recorded in its history.
  return JSON.parse(JSON.stringify({ procedure, ward, department })) as CaseContext;
}

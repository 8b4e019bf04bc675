/** Resolves a case's procedure and units from the catalogue, once, at the start of the case. */
import { ApplicationFailure } from '@temporalio/common';
import { getProcedure, getUnit } from '../domain/catalogue';
import type { CaseContext } from '../workflows/state';

export async function loadCaseContext(input: {
  procedureCode: string;
  wardCode: string;
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
  // The catalogue is frozen data; the workflow gets a plain copy, recorded in its history.
  return JSON.parse(JSON.stringify({ procedure, ward, department })) as CaseContext;
}

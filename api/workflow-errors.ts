/**
 * The case workflow's answers to a refused message (validator or handler, see
 * workflows/messages.ts `RefusalType`) as the contract's errors.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../runtime/logger';
import { ApiError, type ErrorCode } from './errors';

export const REFUSAL_CODES: Record<string, ErrorCode> = {
  WRONG_STAGE: 'WRONG_STAGE',
  FORBIDDEN: 'FORBIDDEN',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
};

/** The refusal as an ApiError; `INTERNAL` when the workflow could not complete it; null otherwise. */
export function fromUpdateFailure(err: unknown): ApiError | null {
  if (err instanceof WorkflowNotFoundError) return new ApiError('NOT_FOUND', 'No such case.');
  if (!(err instanceof WorkflowUpdateFailedError)) return null;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    const code = REFUSAL_CODES[cause.type ?? ''];
    return new ApiError(code ?? 'INTERNAL', cause.message);
  }
  return new ApiError('INTERNAL', 'The action could not be completed.');
}

/**
 * Runs a call to a case's workflow (an Update or a query): its refusals become the contract's
 * errors, and one it could not complete is logged before the 500.
 */
export async function callCase<T>(
  logger: Logger,
  caseCode: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const mapped = fromUpdateFailure(err);
    if (mapped?.code === 'INTERNAL') logger.error({ err, case: caseCode }, 'case update failed');
    throw mapped ?? err;
  }
}

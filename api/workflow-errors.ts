/**
 * The case workflow's answers to a refused message (validator or handler, see
 * workflows/messages.ts `RefusalType`) as the contract's errors.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
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

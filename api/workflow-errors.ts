/**
 * Every call the API makes to a case's workflow (an Update or a query) goes through `callCase`:
 *
 * - with no case worker alive it answers 503 at once (an Update nobody runs would only wait);
 * - it waits at most CASE_CALL_MS, then 503 with Retry-After (a slow worker or Temporal server);
 * - the workflow's refusals (validator or handler, workflows/messages.ts `RefusalType`) become the
 *   contract's errors, and a step that could not be completed now (an activity failing, e.g. the
 *   database away) is 503 too: the case stayed where it was and the request can be repeated — a
 *   repeated action is answered with the case, never applied twice (workflows/validation.ts).
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../runtime/logger';
import { isDependencyFailure } from '../runtime/outages';
import { ApiError, type ErrorCode } from './errors';

/** The longest an HTTP request waits on a case's workflow (the contract's bounded wait). */
export const CASE_CALL_MS = 10_000;

export const REFUSAL_CODES: Record<string, ErrorCode> = {
  WRONG_STAGE: 'WRONG_STAGE',
  FORBIDDEN: 'FORBIDDEN',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  ACTION_FAILED: 'DEPENDENCY_UNAVAILABLE',
};

const unavailable = (message: string): ApiError =>
  new ApiError('DEPENDENCY_UNAVAILABLE', message, undefined, 5);

/** The refusal as an ApiError; 503 when the workflow could not complete it now; null otherwise. */
export function fromUpdateFailure(err: unknown): ApiError | null {
  if (err instanceof WorkflowNotFoundError) return new ApiError('NOT_FOUND', 'No such case.');
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return unavailable('The case did not answer in time; repeat the request to see its result.');
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && REFUSAL_CODES[cause.type ?? '']) {
      const code = REFUSAL_CODES[cause.type ?? ''] as ErrorCode;
      return code === 'DEPENDENCY_UNAVAILABLE'
        ? unavailable(`${cause.message} Repeat the request in a moment.`)
        : new ApiError(code, cause.message);
    }
    return null;
  }
  // A query the workflow cannot answer yet ("still being set up") or a server that is away.
  if (isDependencyFailure(err) || (err as Error | undefined)?.name === 'QueryNotRegisteredError')
    return unavailable('The case engine is not available right now; repeat in a moment.');
  return null;
}

export interface CaseCallDeps {
  logger: Logger;
  temporal: Client;
  workerAvailable(): Promise<boolean>;
}

/**
 * Runs a call to a case's workflow within CASE_CALL_MS, refusing at once when no worker runs;
 * see the module comment for the answers. An unexpected failure is logged before it becomes 500.
 */
export async function callCase<T>(
  deps: CaseCallDeps,
  caseCode: string,
  call: () => Promise<T>,
): Promise<T> {
  if (!(await deps.workerAvailable())) {
    throw unavailable('No case worker is running; the case is unchanged. Repeat in a moment.');
  }
  try {
    return await deps.temporal.withAbortSignal(AbortSignal.timeout(CASE_CALL_MS), () =>
      deps.temporal.withDeadline(Date.now() + CASE_CALL_MS, call),
    );
  } catch (err) {
    const mapped = fromUpdateFailure(err);
    if (!mapped) deps.logger.error({ err, case: caseCode }, 'case call failed');
    throw mapped ?? err;
  }
}

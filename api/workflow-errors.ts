/**
 * Every call the API makes to a case's workflow goes through `callCase` (a query) or `updateCase`
 * (an Update):
 *
 * - with no case worker alive it answers 503 at once (an Update nobody runs would only wait);
 * - it waits at most CASE_CALL_MS for the server and the worker to take the call (a query's
 *   answer, an Update's acceptance by its validator), then 503 with Retry-After: an outage of
 *   Temporal or of the worker shows within that bounded wait;
 * - an accepted Update is work under way (documents rendered, signed, time-stamped): its result is
 *   awaited up to CASE_UPDATE_MS, then 503 "repeat to see the result";
 * - the workflow's refusals (validator or handler, workflows/messages.ts `RefusalType`) become the
 *   contract's errors, and a step that could not be completed now (an activity failing, e.g. the
 *   database away) is 503 too: the case stayed where it was and the request can be repeated — a
 *   repeated action is answered with the case, never applied twice (workflows/validation.ts).
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { isMessage, say, type Message } from '../contract/messages';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../runtime/logger';
import { isDependencyFailure } from '../runtime/outages';
import { ApiError, type ErrorCode } from './errors';
import { caseChanged } from './read-cache';

/** The longest an HTTP request waits for Temporal and the worker to take a call (bounded wait). */
export const CASE_CALL_MS = 10_000;
/** The longest an HTTP request waits for an accepted Update's work to finish. */
export const CASE_UPDATE_MS = 60_000;

export const REFUSAL_CODES: Record<string, ErrorCode> = {
  WRONG_STAGE: 'WRONG_STAGE',
  FORBIDDEN: 'FORBIDDEN',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  ACTION_FAILED: 'DEPENDENCY_UNAVAILABLE',
};

const unavailable = (message: Message): ApiError =>
  new ApiError('DEPENDENCY_UNAVAILABLE', message, undefined, 5);

/** The refusal as an ApiError; 503 when the workflow could not complete it now; null otherwise. */
export function fromUpdateFailure(err: unknown): ApiError | null {
  if (err instanceof WorkflowNotFoundError) return new ApiError('NOT_FOUND', say('case.notFound'));
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return unavailable(say('case.notAnswered'));
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && REFUSAL_CODES[cause.type ?? '']) {
      const code = REFUSAL_CODES[cause.type ?? ''] as ErrorCode;
      if (code === 'DEPENDENCY_UNAVAILABLE') return unavailable(say('case.actionFailed'));
      // The refusal's catalogue message travels in the failure's details (workflows/validation.ts).
      const [message] = (cause.details ?? []) as unknown[];
      return new ApiError(code, isMessage(message) ? message : say(`error.${code}`));
    }
    return null;
  }
  // A query the workflow cannot answer yet ("still being set up") or a server that is away.
  if (isDependencyFailure(err) || (err as Error | undefined)?.name === 'QueryNotRegisteredError')
    return unavailable(say('case.engineUnavailable'));
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
  if (!(await deps.workerAvailable())) throw unavailable(say('case.noWorker'));
  try {
    return await within(deps, CASE_CALL_MS, call);
  } catch (err) {
    const mapped = fromUpdateFailure(err);
    if (!mapped) deps.logger.error({ err, case: caseCode }, 'case call failed');
    throw mapped ?? err;
  }
}

function within<T>(deps: CaseCallDeps, ms: number, call: () => Promise<T>): Promise<T> {
  return deps.temporal.withAbortSignal(AbortSignal.timeout(ms), () =>
    deps.temporal.withDeadline(Date.now() + ms, call),
  );
}

/**
 * Sends an Update to a case: accepted (or refused by its validator) within CASE_CALL_MS, its
 * result awaited up to CASE_UPDATE_MS; the answers are those of `callCase`.
 */
export async function updateCase<Ret, Args extends unknown[]>(
  deps: CaseCallDeps,
  caseCode: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
): Promise<Ret> {
  const handle = deps.temporal.workflow.getHandle(caseCode);
  // Whatever the outcome, the API's copies of this case are no longer to be trusted.
  caseChanged(caseCode);
  const accepted = await callCase(deps, caseCode, () =>
    handle.startUpdate(update as unknown as UpdateDefinition<Ret, [unknown]>, {
      args: args as unknown as [unknown],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    }),
  );
  try {
    return await within(deps, CASE_UPDATE_MS, () => accepted.result());
  } catch (err) {
    const mapped = fromUpdateFailure(err);
    if (!mapped) deps.logger.error({ err, case: caseCode }, 'case update failed');
    throw mapped ?? err;
  } finally {
    caseChanged(caseCode);
  }
}

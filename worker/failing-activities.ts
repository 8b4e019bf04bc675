/**
 * ACTIVITY_FAILING without asking Temporal per case: an activity interceptor of the case worker
 * that, when an activity of a case fails its FAILING_ATTEMPTS-th attempt (or a later one) and
 * Temporal will try it again, writes what fails into the case's board entry
 * (activities/supervision/board.ts); the first success after that clears it. An attempt that
 * succeeds at once writes nothing, so the usual path costs nothing. A failure to write the board
 * never changes the activity's own outcome.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type {
  ActivityInboundCallsInterceptor,
  ActivityExecuteInput,
  Next,
} from '@temporalio/worker';
import { recordFailing } from '../activities/supervision/board';
import { FAILING_ATTEMPTS } from '../domain/supervision';
import type { Logger } from '../runtime/logger';

/** Whether Temporal will schedule another attempt after `err` failed `attempt`. */
function willRetry(info: Context['info'], err: unknown): boolean {
  const policy = info.retryPolicy;
  if (policy?.maximumAttempts && info.attempt >= policy.maximumAttempts) return false;
  if (err instanceof ApplicationFailure) {
    if (err.nonRetryable) return false;
    if (err.type && policy?.nonRetryableErrorTypes?.includes(err.type)) return false;
  }
  const name = err instanceof Error ? err.name : '';
  return !policy?.nonRetryableErrorTypes?.includes(name);
}

const messageOf = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).slice(0, 500);

export function failingActivityInterceptor(logger: Logger) {
  return (ctx: Context): ActivityInboundCallsInterceptor => ({
    async execute(
      input: ActivityExecuteInput,
      next: Next<ActivityInboundCallsInterceptor, 'execute'>,
    ): Promise<unknown> {
      const info = ctx.info;
      const code = info.workflowType === 'caseWorkflow' ? info.workflowExecution?.workflowId : null;
      const note = (failing: Parameters<typeof recordFailing>[1]): Promise<void> =>
        code
          ? recordFailing(code, failing).then(
              () => undefined,
              (err: unknown) => logger.warn({ err, case: code }, 'board: failing step not noted'),
            )
          : Promise.resolve();
      try {
        const result = await next(input);
        if (info.attempt >= FAILING_ATTEMPTS) await note(null);
        return result;
      } catch (err) {
        if (info.attempt >= FAILING_ATTEMPTS) {
          await note(
            willRetry(info, err)
              ? {
                  activityType: info.activityType,
                  activityId: info.activityId,
                  attempt: info.attempt,
                  message: messageOf(err),
                  since: new Date(info.scheduledTimestampMs).toISOString(),
                }
              : null,
          );
        }
        throw err;
      }
    },
  });
}

/**
 * notificationDeliveryWorkflow: the delivery of one e-mail or SMS of the outbox, started once per
 * message when it is queued (activities/notifications/delivery-start.ts; workflow id
 * `notify:<record id>`). Temporal retries the sending activity with exponential back-off for
 * three days at most; a permanent failure (the gateway refused the address) is not retried. When
 * it gives up, the record is marked FAILED with the reason.
 */
import * as wf from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications/delivery';
import type { OutboxStatus } from '../models/outbox';

/** 1 s, 2 s, 4 s … then every 6 hours, for 3 days (as Temporal's retry policy). */
const { deliverNotification } = wf.proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '3 days',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '6 hours',
    nonRetryableErrorTypes: ['PermanentSendError'],
  },
});

/** Writing the outcome must happen: retried until the database answers. */
const { recordNotificationFailure } = wf.proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** `id`: the outbox record's id (hex). Returns its final status (null: no such record). */
export async function notificationDeliveryWorkflow(id: string): Promise<OutboxStatus | null> {
  try {
    return await deliverNotification(id);
  } catch (err) {
    if (!(err instanceof wf.ActivityFailure)) throw err;
    const cause = err.cause;
    // A sender's error carries its name as type; a timeout leaves the last attempt's error.
    const reason =
      cause instanceof wf.ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : null;
    await recordNotificationFailure(id, reason);
    return 'FAILED';
  }
}

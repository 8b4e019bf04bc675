/**
 * Starting the delivery workflow of outbox messages (workflows/notification-delivery.ts): one
 * workflow per message, its id derived from the record's (`notify:<record id>`, which is derived
 * from the outbox key and names no address), and a repeated start is a no-op — an enqueue retried
 * by its activity, or the sweep finding a message whose start was not confirmed, never sends it
 * twice (the delivery activity also leaves a finished record alone).
 *
 * Every writer of the outbox queues an entry per message before starting its workflow and removes
 * it once the workflow is started (`OutboxQueueModel`); the `notification-deliveries` maintenance
 * job starts what is left (a start that failed, an API process that died in between, and the
 * messages an older version queued for its dispatcher). Only `_id` lookups and that short list.
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Types } from 'mongoose';
import { OutboxQueueModel } from '../../models/outbox';

/** Where delivery workflows are started: the worker's task queue. */
export interface Deliveries {
  client: Client;
  taskQueue: string;
}

/** The Temporal client and task queue of the activity running now (its worker's). */
export function deliveriesOfActivity(): Deliveries {
  const ctx = Context.current();
  return { client: ctx.client, taskQueue: ctx.info.taskQueue };
}

export const notificationWorkflowId = (id: Types.ObjectId): string => `notify:${id.toHexString()}`;

/** Starts at once at most this many workflows (the sweep may find hundreds). */
const PARALLEL_STARTS = 20;

async function startOne(deliveries: Deliveries, id: Types.ObjectId): Promise<void> {
  try {
    await deliveries.client.workflow.start('notificationDeliveryWorkflow', {
      workflowId: notificationWorkflowId(id),
      taskQueue: deliveries.taskQueue,
      args: [id.toHexString()],
      // Running: that one; closed (within the namespace's retention): no new run.
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  await OutboxQueueModel.deleteOne({ _id: id });
}

/** Starts the delivery of each record (once per id), then drops its queue entry. */
export async function startDeliveries(
  deliveries: Deliveries,
  ids: readonly Types.ObjectId[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += PARALLEL_STARTS) {
    await Promise.all(ids.slice(i, i + PARALLEL_STARTS).map((id) => startOne(deliveries, id)));
  }
}

/** Starts the deliveries still queued (at most `limit` per run); returns how many. */
export async function startQueuedDeliveries(deliveries: Deliveries, limit = 500): Promise<number> {
  const entries = await OutboxQueueModel.find({}, { _id: 1 })
    .limit(limit)
    .lean<Array<{ _id: Types.ObjectId }>>()
    .exec();
  await startDeliveries(
    deliveries,
    entries.map((e) => e._id),
  );
  return entries.length;
}

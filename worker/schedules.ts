/**
 * The Temporal Schedules of the periodic jobs (activities/maintenance.ts): created by the worker
 * at start, or updated to the intervals below when they exist. Overlapping runs are skipped, and a
 * run missed while the server was down is caught up once.
 */
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { MaintenanceJob } from '../activities/maintenance';

/** `offset`: from midnight UTC for daily jobs; 00:00 UTC is 07:00 in Vietnam (no summer time). */
export const SCHEDULES: ReadonlyArray<{ job: MaintenanceJob; every: Duration; offset?: Duration }> =
  [
    { job: 'expired-grants', every: '1m' },
    { job: 'expired-applications', every: '5m' },
    { job: 'orphan-files', every: '1h' },
    { job: 'board-reconcile', every: '5m' },
    { job: 'archive-renewal', every: '1d' },
    { job: 'audit-anchor', every: '1h' },
    // The supervisors' digest as the offices open (the job itself skips days off).
    { job: 'supervision-digest', every: '1d', offset: '0h' },
    { job: 'notification-deliveries', every: '5m' },
  ];

export const scheduleId = (job: MaintenanceJob, prefix = 'motcua'): string =>
  `${prefix}-maintenance-${job}`;

/** Creates or updates the schedules; `prefix` names them (tests use one of their own). */
export async function ensureSchedules(
  client: Client,
  taskQueue: string,
  prefix = 'motcua',
): Promise<string[]> {
  const ids: string[] = [];
  for (const { job, every, offset } of SCHEDULES) {
    const options: ScheduleOptions = {
      scheduleId: scheduleId(job, prefix),
      spec: { intervals: [offset ? { every, offset } : { every }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'maintenanceWorkflow',
        args: [job],
        taskQueue,
        workflowId: `${prefix}-maintenance-${job}`,
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    };
    try {
      await client.schedule.create(options);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
      }));
    }
    ids.push(options.scheduleId);
  }
  return ids;
}

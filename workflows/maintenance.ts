/**
 * maintenanceWorkflow: one run of one periodic job (activities/maintenance.ts), started by its
 * Temporal Schedule (worker/schedules.ts). The job is an activity, retried until it succeeds.
 */
import * as wf from '@temporalio/workflow';
import type { MaintenanceActivities, MaintenanceJob } from '../activities/maintenance';

const { runMaintenance } = wf.proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function maintenanceWorkflow(job: MaintenanceJob): Promise<Record<string, number>> {
  return runMaintenance(job, wf.workflowInfo().workflowId);
}

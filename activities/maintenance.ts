/**
 * The periodic jobs, as activities the maintenance workflow runs on a Temporal Schedule
 * (worker/schedules.ts): each is idempotent and bounded, so a run that overlaps or repeats another
 * does no harm.
 */
import { deleteExpiredApplications } from './applications';
import { sweepOrphanFiles } from './documents/orphans';
import { deleteExpiredGrants } from './signing-grants';

export const MAINTENANCE_JOBS = {
  /** Pending applications past their expiry, abandoned claims, old idempotency keys. */
  'expired-applications': async () => ({ ...(await deleteExpiredApplications()) }),
  /** Signing grants past their expiry (FerretDB v1 has no TTL indexes). */
  'expired-grants': async () => ({ grants: await deleteExpiredGrants() }),
  /** Stored files that no document record names (left by a crash). */
  'orphan-files': async () => ({ ...(await sweepOrphanFiles()) }),
} as const satisfies Record<string, () => Promise<Record<string, number>>>;

export type MaintenanceJob = keyof typeof MAINTENANCE_JOBS;

export async function runMaintenance(job: MaintenanceJob): Promise<Record<string, number>> {
  const run = MAINTENANCE_JOBS[job];
  if (!run) throw new Error(`no maintenance job ${String(job)}`);
  return run();
}

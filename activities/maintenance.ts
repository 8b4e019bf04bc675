/**
 * The periodic jobs, as one activity the maintenance workflow runs on a Temporal Schedule
 * (worker/schedules.ts): each is idempotent and bounded, so a run that overlaps or repeats another
 * does no harm.
 */
import { deleteExpiredApplications } from './applications';
import { sweepOrphanFiles } from './documents/orphans';
import { deleteExpiredSlots } from '../models/attempts';
import { deleteExpiredGrants } from './signing-grants';
import type { ArchiveActivities } from './types';

export const MAINTENANCE_JOBS = [
  /** Pending applications past their expiry, abandoned claims, old idempotency keys. */
  'expired-applications',
  /** Signing grants past their expiry (FerretDB v1 has no TTL indexes), spent PIN and sign-in attempts. */
  'expired-grants',
  /** Stored files that no document record names (left by a crash). */
  'orphan-files',
  /** New document time-stamps on archived decisions before their TSA certificate ends (B-LTA). */
  'archive-renewal',
] as const;

export type MaintenanceJob = (typeof MAINTENANCE_JOBS)[number];

/** Days before the TSA certificate of an archive's newest document time-stamp ends. */
export const ARCHIVE_RENEWAL_MARGIN_DAYS = 90;

export function maintenanceActivities(archive: Pick<ArchiveActivities, 'renewArchiveTimestamps'>) {
  const jobs: Record<MaintenanceJob, () => Promise<Record<string, number>>> = {
    'expired-applications': async () => ({ ...(await deleteExpiredApplications()) }),
    'expired-grants': async () => ({
      grants: await deleteExpiredGrants(),
      attempts: await deleteExpiredSlots(),
    }),
    'orphan-files': async () => ({ ...(await sweepOrphanFiles()) }),
    'archive-renewal': async () => {
      const r = await archive.renewArchiveTimestamps({ marginDays: ARCHIVE_RENEWAL_MARGIN_DAYS });
      return { checked: r.checked, renewed: r.renewed.length, failed: r.failed.length };
    },
  };
  return {
    async runMaintenance(job: MaintenanceJob): Promise<Record<string, number>> {
      const run = jobs[job];
      if (!run) throw new Error(`no maintenance job ${String(job)}`);
      return run();
    },
  };
}

export type MaintenanceActivities = ReturnType<typeof maintenanceActivities>;

/**
 * The periodic jobs, as one activity the maintenance workflow runs on a Temporal Schedule
 * (worker/schedules.ts): each is idempotent and bounded, so a run that overlaps or repeats another
 * does no harm.
 */
import { Context } from '@temporalio/activity';
import { queueDailyDigest } from '../services/supervision/digest';
import { reconcileEndedCases } from '../services/supervision/reconcile';
import { loadConfig } from '../runtime/config';
import { deliveriesOfActivity, startQueuedDeliveries } from './notifications';
import { deleteExpiredApplications } from './applications/expiry';
import { anchorAuditHeads } from './audit-log';
import { sweepOrphanFiles } from './documents/orphans';
import { deleteExpiredSlots } from '../models/attempts';
import { deleteExpiredGrants } from './signing-grants';
import type { ArchiveActivities } from './types';

export const MAINTENANCE_JOBS = [
  /** Pending applications past their expiry, old idempotency keys. */
  'expired-applications',
  /** Signing grants past their expiry (FerretDB v1 has no TTL indexes), spent PIN and sign-in attempts. */
  'expired-grants',
  /** Stored files that no document record names (left by a crash). */
  'orphan-files',
  /** New document time-stamps on archived decisions before their TSA certificate ends (B-LTA). */
  'archive-renewal',
  /** Every case's audit chain head that moved, recorded in the global chain (tamper evidence). */
  'audit-anchor',
  /** Open cases on the supervisors' board whose workflow ended in Temporal (WORKFLOW_ENDED). */
  'board-reconcile',
  /** The supervisors' and units' heads' morning digest of cases to chase (working days). */
  'supervision-digest',
  /** Outbox messages whose delivery workflow was not started (a failed start, older versions). */
  'notification-deliveries',
] as const;

export type MaintenanceJob = (typeof MAINTENANCE_JOBS)[number];

/** Days before the TSA certificate of an archive's newest document time-stamp ends. */
export const ARCHIVE_RENEWAL_MARGIN_DAYS = 90;

export function maintenanceActivities(archive: Pick<ArchiveActivities, 'renewArchiveTimestamps'>) {
  const jobs: Record<MaintenanceJob, (run: string) => Promise<Record<string, number>>> = {
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
    // The run's id names the anchor entry: a retried run records nothing twice.
    'audit-anchor': async (run) => {
      const r = await anchorAuditHeads({ key: `anchor:${run}` });
      return { chains: r.chains, entries: r.entries.length };
    },
    'board-reconcile': async () => ({ ...(await reconcileEndedCases(Context.current().client)) }),
    'supervision-digest': async () => {
      const config = loadConfig();
      const r = await queueDailyDigest({
        publicBaseUrl: config.publicBaseUrl,
        silentWorkingDays: config.supervision.silentWorkingDays,
        deliveries: deliveriesOfActivity(),
      });
      return { skipped: r.skipped ? 1 : 0, recipients: r.recipients, queued: r.queued };
    },
    'notification-deliveries': async () => ({
      started: await startQueuedDeliveries(deliveriesOfActivity()),
    }),
  };
  return {
    /** Runs `job`; `run` names this run (the maintenance workflow's id). */
    async runMaintenance(job: MaintenanceJob, run = ''): Promise<Record<string, number>> {
      const fn = jobs[job];
      if (!fn) throw new Error(`no maintenance job ${String(job)}`);
      return fn(run);
    },
  };
}

export type MaintenanceActivities = ReturnType<typeof maintenanceActivities>;

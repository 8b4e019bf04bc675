/**
 * The sweep (no TTL indexes): expired applications that nobody submitted, claims abandoned by a
 * crash before they attempted the workflow start, and idempotency keys past their retention.
 */
import {
  ApplicationModel,
  ApplicationSubmissionModel,
  IdempotencyRecordModel,
} from '../../models/application';
import { asApplicationError } from './errors';
import { releaseClaim, STALE_CLAIM_MS } from './submit';

/** How long an `Idempotency-Key` is remembered (a completed submission answers replays longer). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export interface SweepReport {
  applications: number;
  abandonedClaims: number;
  idempotencyKeys: number;
}

export async function deleteExpiredApplications(now: Date = new Date()): Promise<SweepReport> {
  try {
    let abandonedClaims = 0;
    const stale = await ApplicationSubmissionModel.find({
      completedAt: null,
      startAttemptedAt: null,
      createdAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) },
    }).lean();
    for (const claim of stale) if (await releaseClaim(claim)) abandonedClaims++;

    const expired = await ApplicationModel.find(
      { status: 'PREPARED', expiresAt: { $lte: now } },
      { _id: 1 },
    ).lean();
    const ids = expired.map((a) => a._id);
    const claimed = new Set(
      (await ApplicationSubmissionModel.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map(
        (c) => c._id,
      ),
    );
    const removable = ids.filter((id) => !claimed.has(id));
    const deleted =
      removable.length === 0
        ? 0
        : (
            await ApplicationModel.deleteMany({
              _id: { $in: removable },
              status: 'PREPARED',
              expiresAt: { $lte: now },
            })
          ).deletedCount;

    const keys = await IdempotencyRecordModel.deleteMany({
      createdAt: { $lt: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS) },
    });
    return { applications: deleted, abandonedClaims, idempotencyKeys: keys.deletedCount };
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

/**
 * The sweep (no TTL indexes): expired applications that nobody submitted, and idempotency keys
 * past their retention. An application with a submission record is kept: repeating its request
 * finishes the submission (submit.ts).
 */
import {
  ApplicationModel,
  ApplicationSubmissionModel,
  IdempotencyRecordModel,
} from '../../models/application';
import { asApplicationError } from '../../services/applications/errors';

/** How long an `Idempotency-Key` is remembered (a completed submission answers replays longer). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export interface SweepReport {
  applications: number;
  idempotencyKeys: number;
}

export async function deleteExpiredApplications(now: Date = new Date()): Promise<SweepReport> {
  try {
    const expired = await ApplicationModel.find(
      { status: 'PREPARED', expiresAt: { $lte: now } },
      { _id: 1 },
    ).lean();
    const ids = expired.map((a) => a._id);
    const submitted = new Set(
      (await ApplicationSubmissionModel.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map(
        (c) => c._id,
      ),
    );
    const removable = ids.filter((id) => !submitted.has(id));
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
    return { applications: deleted, idempotencyKeys: keys.deletedCount };
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

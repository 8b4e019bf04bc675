/**
 * The case projection: the workflow's state after each event, written so that a retried or late
 * write never goes backwards and never duplicates a timeline entry (the stored document carries
 * the timeline position it reflects; only a newer position replaces it).
 */
import { CaseModel } from '../models/case';
import type { RecordEventInput } from './types';

export async function projectCase(input: RecordEventInput): Promise<'applied' | 'stale'> {
  const { state, entry, form, context } = input;
  const set: Record<string, unknown> = { ...state, version: entry.seq };
  if (form) set.form = form;
  if (context) {
    Object.assign(set, {
      procedure: JSON.stringify(context.procedure),
      ward: context.ward,
      department: context.department,
    });
  }
  try {
    const res = await CaseModel.updateOne(
      { _id: state.code, $or: [{ version: { $lt: entry.seq } }, { version: { $exists: false } }] },
      { $set: set },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount > 0 ? 'applied' : 'stale';
  } catch (err) {
    // The filter missed because a newer (or the same) position is stored, and the upsert then
    // collided with the existing document: nothing to do.
    if ((err as { code?: number }).code === 11000) return 'stale';
    throw err;
  }
}

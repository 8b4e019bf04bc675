/**
 * Counted attempts at a secret (signing PINs, sign-in passwords), shared by every process through
 * MongoDB. An attempt is counted by inserting its slot *before* the secret is checked, and a
 * unique insert is the one write that is atomic on every MongoDB-compatible server (FerretDB v1
 * runs an update as a read and a write, see models/db.ts): concurrent guesses cannot outrun the
 * count, and no slot is ever handed to two callers.
 *
 * - A slot: `_id` = `{bucket}#{generation}#{n}`, n = 1, 2, ... in the order attempts came.
 * - A bucket's generation (`attempt_generations`): starting a new one starts the count again (a
 *   right PIN, an administrator's unlock, a successful sign-in). It is only ever raised, so two
 *   writers racing to raise it agree. It also keeps a hint of the last slot claimed, so that the
 *   next claim probes from there instead of from 1.
 *
 * Every read and write goes by `_id` (the only lookups FerretDB answers from an index); the sweep
 * of expired slots is the one scan, run by the worker's maintenance schedule.
 */
import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './db';

export interface AttemptSlotDoc {
  _id: string;
  bucket: string;
  generation: number;
  n: number;
  /** PENDING while the secret is being checked (a crash leaves it counted). */
  outcome: 'PENDING' | 'WRONG' | 'RIGHT';
  at: Date;
  /** When the sweep may delete it; null: kept until the bucket starts a new generation. */
  expiresAt: Date | null;
}

export const AttemptSlotModel = mongoose.model<AttemptSlotDoc>(
  'AttemptSlot',
  new Schema<AttemptSlotDoc>(
    {
      _id: { type: String, required: true },
      bucket: { type: String, required: true },
      generation: { type: Number, required: true },
      n: { type: Number, required: true },
      outcome: { type: String, required: true },
      at: { type: Date, required: true },
      expiresAt: { type: Date, default: null },
    },
    { versionKey: false, collection: 'attempt_slots' },
  ),
);

interface GenerationDoc {
  _id: string;
  generation: number;
  /** The highest slot claimed in this generation, as far as anyone wrote it down (a hint). */
  last: number;
  /** When the sweep may delete it (a bucket of a time window); null: kept. */
  expiresAt?: Date | null;
  /** A time window's bucket: when this generation's first slot was claimed (claimInWindow). */
  startedAt?: Date | null;
}

const GenerationModel = mongoose.model<GenerationDoc>(
  'AttemptGeneration',
  new Schema<GenerationDoc>(
    {
      _id: { type: String, required: true },
      generation: { type: Number, required: true },
      last: { type: Number, default: 0 },
      expiresAt: { type: Date, default: null },
      startedAt: { type: Date, default: null },
    },
    { versionKey: false, collection: 'attempt_generations' },
  ),
);

export interface Slot {
  id: string;
  bucket: string;
  generation: number;
  n: number;
}

const slotId = (bucket: string, generation: number, n: number): string =>
  `${bucket}#${generation}#${n}`;

/** The bucket's generation and the hint of its last slot. */
export async function generationOf(bucket: string): Promise<{ generation: number; last: number }> {
  const doc = await GenerationModel.findById(bucket).lean();
  return { generation: doc?.generation ?? 0, last: doc?.last ?? 0 };
}

/**
 * Starts a new count for `bucket`: its generation becomes at least `after + 1`, and the slots of
 * generation `after` that the hint knows of are deleted (the sweep takes any others).
 */
export async function startNewGeneration(bucket: string, after: number): Promise<void> {
  const next = after + 1;
  const current = await GenerationModel.findById(bucket).lean();
  if (!current || current.generation < next) {
    await GenerationModel.updateOne(
      { _id: bucket },
      { $set: { generation: next, last: 0, startedAt: null } },
      { upsert: true },
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
  const upTo = Math.max(current?.generation === after ? current.last : 0, 5);
  const ids = Array.from({ length: upTo }, (_, i) => slotId(bucket, after, i + 1));
  await AttemptSlotModel.deleteMany({ _id: { $in: ids } });
}

/** The slot `n` of a generation, if claimed. */
export async function slotAt(
  bucket: string,
  generation: number,
  n: number,
): Promise<AttemptSlotDoc | null> {
  return AttemptSlotModel.findById(slotId(bucket, generation, n)).lean<AttemptSlotDoc>();
}

/** The highest claimed slot of a generation, probing forward from the hint (0: none). */
export async function lastSlot(bucket: string, generation: number, hint: number): Promise<number> {
  let n = Math.max(0, hint);
  // The hint may be ahead of the truth (a slot released) or behind it (another process claimed).
  while (n > 0 && !(await slotAt(bucket, generation, n))) n--;
  while (await slotAt(bucket, generation, n + 1)) n++;
  return n;
}

/**
 * Claims slot `n` of a generation: true when this caller got it, false when another had it.
 * `expiresAt`: when the sweep may forget it (null: never, until the generation changes).
 */
export async function claimSlot(
  slot: Omit<Slot, 'id'>,
  at: Date,
  expiresAt: Date | null,
): Promise<Slot | null> {
  const id = slotId(slot.bucket, slot.generation, slot.n);
  try {
    await AttemptSlotModel.create({ _id: id, ...slot, outcome: 'PENDING', at, expiresAt });
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  // The hint only ever helps the next claim; a lost or stale write costs a probe, not a count.
  await GenerationModel.updateOne(
    { _id: slot.bucket },
    {
      $max: { last: slot.n, ...(expiresAt ? { expiresAt } : {}) },
      $setOnInsert: { generation: slot.generation },
    },
    { upsert: true },
  ).catch(() => undefined);
  return { id, ...slot };
}

/**
 * Claims the first free slot among 1..`max` of the bucket's current generation, or null when all
 * are taken. A slot claimed while the generation moved on (a right PIN meanwhile) is given back
 * and the claim retried in the new generation: nothing was checked with it.
 */
export async function claimFirstFree(
  bucket: string,
  max: number,
  at: Date,
  expiresAt: Date | null,
): Promise<Slot | null> {
  for (let round = 0; round < 3; round++) {
    const { generation, last } = await generationOf(bucket);
    let claimed: Slot | null = null;
    for (let n = Math.min(Math.max(1, last), max); n <= max && !claimed; n++) {
      claimed = await claimSlot({ bucket, generation, n }, at, expiresAt);
    }
    if (!claimed && last > 1) {
      // The hint may be stale after a release: look at the lower slots once.
      for (let n = 1; n < Math.min(last, max + 1) && !claimed; n++) {
        claimed = await claimSlot({ bucket, generation, n }, at, expiresAt);
      }
    }
    if (!claimed) return null;
    if ((await generationOf(bucket)).generation === generation) return claimed;
    await releaseSlot(claimed);
  }
  return null;
}

/**
 * Claims a slot of a time window that starts with its first slot and lasts `windowMs`: at most
 * `max` slots in it; when it is over, the next claim starts a new one. Never cut by a clock's
 * minute or day (a burst at 11:59:59 counts with the one at 12:00:00). Null slot: all are taken,
 * until `retryAt`.
 */
export async function claimInWindow(
  bucket: string,
  max: number,
  windowMs: number,
  now: Date,
): Promise<{ slot: Slot } | { slot: null; retryAt: Date }> {
  const doc = await GenerationModel.findById(bucket).lean();
  if (doc?.startedAt && now.getTime() - doc.startedAt.getTime() >= windowMs) {
    await startNewGeneration(bucket, doc.generation);
  }
  // Each slot outlives its window, then the sweep takes it with the bucket.
  const slot = await claimFirstFree(bucket, max, now, new Date(now.getTime() + windowMs + 60_000));
  if (slot) {
    if (slot.n === 1) {
      await GenerationModel.updateOne(
        { _id: bucket, generation: slot.generation },
        { $set: { startedAt: now } },
      );
    }
    return { slot };
  }
  const startedAt = (await GenerationModel.findById(bucket).lean())?.startedAt ?? now;
  return { slot: null, retryAt: new Date(startedAt.getTime() + windowMs) };
}

/** Records what the checked attempt was. */
export async function settleSlot(slot: Slot, outcome: 'WRONG' | 'RIGHT'): Promise<void> {
  await AttemptSlotModel.updateOne({ _id: slot.id }, { $set: { outcome } });
}

/** Gives a slot back: its secret was never checked (the server failed first) or it was right. */
export async function releaseSlot(slot: Slot): Promise<void> {
  await AttemptSlotModel.deleteOne({ _id: slot.id });
}

/**
 * The sweep (the worker's maintenance schedule): deletes slots past their `expiresAt` and slots of
 * generations that are over. The one scan of the collection, which stays small: sign-in slots
 * expire within a day, and a right PIN or an unlock ends a generation.
 */
export async function deleteExpiredSlots(now = new Date()): Promise<number> {
  const slots = await AttemptSlotModel.find({}, { bucket: 1, generation: 1, expiresAt: 1 })
    .limit(100_000)
    .lean<Array<Pick<AttemptSlotDoc, '_id' | 'bucket' | 'generation' | 'expiresAt'>>>();
  const generations = new Map<string, number>();
  const doomed: string[] = [];
  for (const slot of slots) {
    if (slot.expiresAt && slot.expiresAt <= now) {
      doomed.push(slot._id);
      continue;
    }
    if (!generations.has(slot.bucket)) {
      generations.set(slot.bucket, (await generationOf(slot.bucket)).generation);
    }
    if (slot.generation < (generations.get(slot.bucket) as number)) doomed.push(slot._id);
  }
  let deleted = 0;
  for (let i = 0; i < doomed.length; i += 500) {
    const res = await AttemptSlotModel.deleteMany({ _id: { $in: doomed.slice(i, i + 500) } });
    deleted += res.deletedCount;
  }
  // The buckets of time windows that are over (sign-in limits) go too.
  await GenerationModel.deleteMany({ expiresAt: { $ne: null, $lte: now } });
  return deleted;
}

/**
 * Gap-tolerant, duplicate-free sequences (dossier serials, document numbers). Every number is
 * claimed by inserting a document with a unique `_id`, the one write that is atomic on every
 * MongoDB-compatible server (FerretDB v1 runs an update as a read followed by a write, so an
 * `$inc` alone can hand the same number to two callers). A counter document keeps the last
 * number claimed as a starting hint.
 */
import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './db';

interface Counter {
  _id: string;
  seq: number;
}

interface Claim {
  _id: string;
  createdAt: Date;
}

const CounterModel = mongoose.model<Counter>(
  'Counter',
  new Schema<Counter>(
    { _id: { type: String, required: true }, seq: { type: Number, required: true } },
    { versionKey: false, collection: 'counters' },
  ),
);

const ClaimModel = mongoose.model<Claim>(
  'SequenceClaim',
  new Schema<Claim>(
    { _id: { type: String, required: true }, createdAt: { type: Date, default: () => new Date() } },
    { versionKey: false, collection: 'sequence_claims' },
  ),
);

/** The next number of the named sequence, starting at 1; never the same number twice. */
export async function nextSequence(name: string): Promise<number> {
  const hint = (await CounterModel.findById(name).lean())?.seq ?? 0;
  for (let n = hint + 1; ; n++) {
    try {
      await ClaimModel.create({ _id: `${name}#${n}` });
    } catch (err) {
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    // Advance the hint; a concurrent caller may have gone further already, which is fine.
    await CounterModel.updateOne(
      { _id: name, seq: { $lt: n } },
      { $set: { seq: n } },
      { upsert: true },
    ).catch((err: { code?: number }) => {
      if (!isDuplicateKey(err)) throw err;
    });
    return n;
  }
}

import mongoose, { Schema } from 'mongoose';

interface Counter {
  _id: string;
  seq: number;
}

const CounterModel = mongoose.model<Counter>(
  'Counter',
  new Schema<Counter>(
    { _id: { type: String, required: true }, seq: { type: Number, required: true } },
    { versionKey: false },
  ),
);

/** Atomically increments and returns the named counter (single-document upsert, no transaction). */
export async function nextSequence(name: string): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate(
    { _id: name },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!doc) throw new Error(`counter ${name} did not upsert`);
  return doc.seq;
}

import mongoose from 'mongoose';

/**
 * Time limit of every query (mongoose's global `maxTimeMS`, and `QUERY_OPTIONS` where the code
 * talks to the driver directly): a query abandoned by its caller stops on the server too, instead
 * of running on (FerretDB kept scanning for a minute after a load had stopped). Generous: a query
 * that needs longer is a bug to fix with an index or a key, not a limit to raise.
 */
export const QUERY_TIME_LIMIT_MS = 10_000;
/** Options for driver calls (`Model.collection.*`) that mongoose's global limit does not reach. */
export const QUERY_OPTIONS = { maxTimeMS: QUERY_TIME_LIMIT_MS } as const;

/**
 * Opens the process-wide mongoose connection. Server selection is kept short so that a database
 * outage shows up as an error (and a 503 from /readyz) within seconds instead of a hung request.
 */
export async function connectMongo(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  mongoose.set('maxTimeMS', QUERY_TIME_LIMIT_MS);
  const connected = await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    // FerretDB v1 and MongoDB both work without retryable writes; keep behaviour identical.
    retryWrites: false,
    autoIndex: true,
  });
  await detectServer();
  return connected;
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
  server = null;
}

/** Pings the database; rejects when it does not answer within `timeoutMs`. */
export async function pingMongo(timeoutMs = 2000): Promise<void> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) throw new Error('not connected');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the indexes of every registered model (unique keys are relied upon for idempotency). */
export async function syncAllIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) await model.createIndexes();
}

// ---------------------------------------------------------------------------------------------
// What the server can answer cheaply

/**
 * FerretDB v1 answers a query from an index only when the filter is `{ _id: <string|ObjectId> }`
 * alone (the SQLite backend pushes nothing else down; the PostgreSQL one pushes equalities but
 * uses no index for them). Any other filter, even `{ _id, version }`, reads and decodes the whole
 * collection in FerretDB, and it updates by reading, then writing the document by `_id`: no
 * conditional update is atomic there. MongoDB answers both from indexes, atomically.
 */
let server: { ferretdb: boolean } | null = null;

async function detectServer(): Promise<{ ferretdb: boolean }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  const info = await db.admin().command({ buildInfo: 1 });
  server = { ferretdb: typeof info.ferretdbVersion === 'string' };
  return server;
}

/** True when connected to FerretDB (see above). */
export async function isFerretDb(): Promise<boolean> {
  return (server ?? (await detectServer())).ferretdb;
}

/** True for the server's duplicate-key error (11000): an insert keyed by `_id` that was there. */
export const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;

/**
 * Updates the document `id` of `collection` when it satisfies `condition` (or, with `upsert`,
 * creates it when it does not exist). On MongoDB it is one conditional update. On FerretDB, where
 * a conditional update would scan the collection and is not atomic anyway, the document is read by
 * `_id`, `holds` decides, and the write goes by `_id`: callers keep their own ordering (a
 * workflow's activities run one at a time) or a unique insert as the real fence.
 *
 * Returns true when the update applied.
 */
export async function updateByIdIf<D extends { _id: unknown }>(
  model: mongoose.Model<D>,
  id: D['_id'],
  condition: { filter: Record<string, unknown>; holds: (stored: D | null) => boolean },
  update: mongoose.UpdateQuery<D>,
  options: { upsert?: boolean } = {},
): Promise<boolean> {
  try {
    if (!(await isFerretDb())) {
      const res = await model.updateOne(
        { _id: id, ...condition.filter } as mongoose.QueryFilter<D>,
        update,
        { upsert: options.upsert ?? false },
      );
      return res.modifiedCount + res.upsertedCount > 0;
    }
    const stored = (await model.findById(id).lean()) as D | null;
    if (!condition.holds(stored)) return false;
    if (!stored && !options.upsert) return false;
    const res = await model.updateOne({ _id: id } as mongoose.QueryFilter<D>, update, {
      upsert: !stored,
    });
    return res.modifiedCount + res.upsertedCount > 0;
  } catch (err) {
    // The upsert lost a race with another writer's insert: the document exists, ours did not apply.
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

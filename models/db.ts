import mongoose from 'mongoose';

/**
 * Opens the process-wide mongoose connection. Server selection is kept short so that a database
 * outage shows up as an error (and a 503 from /readyz) within seconds instead of a hung request.
 */
export async function connectMongo(uri: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  return mongoose.connect(uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    // FerretDB v1 and MongoDB both work without retryable writes; keep behaviour identical.
    retryWrites: false,
    autoIndex: true,
  });
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
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

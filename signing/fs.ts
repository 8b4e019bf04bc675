/**
 * File helpers for the CLI tools: outputs are written atomically (temporary file, then rename),
 * so a failure never leaves a half-written file behind.
 */
import crypto from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** Writes `data` to `file` atomically. */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fsp.writeFile(tmp, data, { mode: 0o600 });
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Computes the output first, then writes it atomically: when `produce` throws, nothing is written.
 */
export async function produceFile(file: string, produce: () => Promise<Buffer>): Promise<Buffer> {
  const data = await produce();
  await writeFileAtomic(file, data);
  return data;
}

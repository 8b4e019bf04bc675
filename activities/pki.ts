/**
 * The deployment's PKI state in MongoDB: created once for development (root and issuing CAs for
 * officials, seals and citizens, CA keys encrypted under the KEK), read by everything that issues
 * certificates or verifies documents.
 */
import { createDevelopmentPki, rootsPem, type PkiState } from '../signing';
import { PkiModel, PKI_ID } from '../models/signing';

export async function loadPki(): Promise<PkiState | null> {
  const doc = await PkiModel.findById(PKI_ID).lean();
  return doc ? (doc.state as unknown as PkiState) : null;
}

/** The PKI, created on first use in development. Two processes racing create it once. */
export async function ensureDevelopmentPki(kek: Buffer, crlBaseUrl?: string): Promise<PkiState> {
  const existing = await loadPki();
  if (existing) return existing;
  const state = createDevelopmentPki({ kek, ...(crlBaseUrl ? { crlBaseUrl } : {}) });
  try {
    await PkiModel.create({
      _id: PKI_ID,
      state: state as unknown as Record<string, unknown>,
      revision: 1,
    });
    return state;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return (await loadPki()) as PkiState;
  }
}

/** Saves a changed state (a revocation, a CRL) unless someone else changed it meanwhile. */
export async function savePki(state: PkiState, revision: number): Promise<boolean> {
  const res = await PkiModel.updateOne(
    { _id: PKI_ID, revision },
    { $set: { state: state as unknown as Record<string, unknown> }, $inc: { revision: 1 } },
  );
  return res.modifiedCount === 1;
}

/** The root certificates every document of this deployment chains to, as one PEM bundle. */
export async function trustAnchors(): Promise<string> {
  const state = await loadPki();
  if (!state) throw new Error('The PKI has not been set up (run the seed).');
  return rootsPem(state);
}

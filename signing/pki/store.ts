/**
 * A file-backed PKI store for the CLI tools and samples (the server persists the state in its
 * database instead). The file holds CA certificates and KEK-encrypted CA keys only.
 */
import { promises as fsp } from 'node:fs';
import { SigningError } from '../errors';
import { writeFileAtomic } from '../fs';
import { type CreatePkiOptions, type PkiState, createDevelopmentPki } from './ca';

/** Reads a PKI state file, or returns undefined when it does not exist. */
export async function loadPkiState(file: string): Promise<PkiState | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const state = JSON.parse(text) as PkiState;
  if (state?.format !== 'motcua-pki/v1') {
    throw new SigningError('INVALID_ARGUMENT', `${file} is not a PKI state file`);
  }
  return state;
}

/** Writes a PKI state file atomically. */
export async function savePkiState(file: string, state: PkiState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Loads the state from `file`, creating (and saving) a development PKI the first time. */
export async function loadOrCreatePki(file: string, options: CreatePkiOptions): Promise<PkiState> {
  const existing = await loadPkiState(file);
  if (existing) return existing;
  const created = await createDevelopmentPki(options);
  await savePkiState(file, created);
  return created;
}

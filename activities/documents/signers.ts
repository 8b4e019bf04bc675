/**
 * Turns the workflow's "who signs" (an official through a one-time grant, or a unit's seal) into a
 * signing-library Signer with the key unlocked for this one operation.
 */
import { ApplicationFailure } from '@temporalio/common';
import { OfficialModel, type OfficialDoc } from '../../models/official';
import { SealModel, sealIdOf } from '../../models/signing';
import {
  LocalKeySigner,
  unlockWithKek,
  type EncryptedKeyRecord,
  type Signer,
  type UnlockedKey,
} from '../../signing';
import type { SignerRef } from '../types';
import { openGrantedKey, SigningGrantError, type GrantUse } from '../signing-grants';

export interface ResolvedSigner {
  signer: Signer;
  /** Name shown in the case's document list. */
  name: string;
  role: string;
  official: OfficialDoc | null;
  /** Drops the unlocked key. */
  dispose(): void;
}

const keyUnavailable = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'KEY_UNAVAILABLE');

export async function resolveSigner(
  ref: SignerRef,
  ctx: { caseCode: string; kek: Buffer; use: GrantUse },
): Promise<ResolvedSigner> {
  if (ref.kind === 'seal') {
    const seal = await SealModel.findById(sealIdOf(ref.unitCode)).lean();
    if (!seal) throw keyUnavailable(`No seal is set up for unit ${ref.unitCode}.`);
    const key = unlockWithKek(seal.keyRecord as unknown as EncryptedKeyRecord, ctx.kek);
    return {
      signer: new LocalKeySigner(key, seal.certificatePem, seal.chainPems),
      name: seal.name,
      role: 'SEAL',
      official: null,
      dispose: () => key.dispose(),
    };
  }
  const official = await OfficialModel.findById(ref.actor.id).lean();
  if (!official?.signing) throw keyUnavailable(`${ref.actor.name} has no signing key.`);
  let key: UnlockedKey;
  try {
    // The grant is consumed for this use (activities/signing-grants.ts); nothing is counted here.
    key = await openGrantedKey(official, ref.grant, ctx);
  } catch (err) {
    if (err instanceof SigningGrantError)
      throw ApplicationFailure.nonRetryable(err.message, 'SIGNING_GRANT_INVALID');
    throw err;
  }
  return {
    signer: new LocalKeySigner(key, official.signing.certificatePem, official.signing.chainPems),
    name: official.fullName,
    role: official.roles[0] ?? 'OFFICIAL',
    official,
    dispose: () => key.dispose(),
  };
}

/**
 * Signing identities for the samples, from the development PKI: officials (PIN-protected keys),
 * organisation seals (KEK-only keys) and applicants whose key lives "in the browser" (WebCrypto
 * ECDSA P-256) and who sign through the two-step path.
 */
import crypto, { webcrypto } from 'node:crypto';
import {
  type EncryptedKeyRecord,
  LocalKeySigner,
  type OfficialSubject,
  type PkiState,
  type SealSubject,
  type Signer,
  type CompleteOptions,
  completeSignature,
  enrollSigner,
  issueCertificate,
  prepareSignature,
  type PrepareOptions,
  unlockKey,
  unlockWithKek,
} from '../../signing';

/** PIN of the demo officials' keys ($DEMO_PIN, as for the seed). */
export const DEMO_PIN = process.env.DEMO_PIN ?? '123456';

/** An enrolled identity whose key is kept encrypted, as the keystore stores it. */
export interface EnrolledIdentity {
  readonly certificatePem: string;
  readonly chainPems: string[];
  readonly keyRecord: EncryptedKeyRecord;
}

/** Unlocks an enrolled key the way the server does: KEK only for seals, PIN + KEK for officials. */
export function localSigner(kek: Buffer, who: EnrolledIdentity, pin = DEMO_PIN): Signer {
  if (who.keyRecord.protection === 'KEK') {
    return new LocalKeySigner(unlockWithKek(who.keyRecord, kek), who.certificatePem, who.chainPems);
  }
  const r = unlockKey(who.keyRecord, pin, kek);
  if (!r.ok) throw new Error(`cannot unlock ${who.keyRecord.keyId}: ${r.reason}`);
  return new LocalKeySigner(r.key, who.certificatePem, who.chainPems);
}

/** Enrols an official (personal certificate, key under the demo PIN) and unlocks it. */
export async function officialSigner(
  pki: PkiState,
  kek: Buffer,
  subject: OfficialSubject,
): Promise<Signer> {
  return localSigner(
    kek,
    await enrollSigner(pki, kek, { profile: 'OFFICIAL', subject, pin: DEMO_PIN }),
  );
}

/** Enrols an organisation seal (KEK-only key) and unlocks it. */
export async function sealSigner(
  pki: PkiState,
  kek: Buffer,
  subject: SealSubject,
): Promise<Signer> {
  return localSigner(kek, await enrollSigner(pki, kek, { profile: 'SEAL', subject }));
}

/** Signs a PDF field in two steps, the signature value coming from outside the server. */
export type TwoStepSign = (
  pdf: Uint8Array,
  options: Omit<PrepareOptions, 'signerCertificatePem' | 'chainPems'> & CompleteOptions,
) => Promise<Buffer>;

/** An applicant whose private key never leaves "the browser". */
export interface BrowserApplicant {
  readonly certificatePem: string;
  readonly chainPems: readonly string[];
  readonly sign: TwoStepSign;
}

/**
 * Creates a WebCrypto ECDSA P-256 key pair (non-extractable private key), has the CITIZENS CA
 * certify its public key, and returns a two-step signer: `prepareSignature` on the server, the
 * state round-tripped through JSON (as stored between two HTTP calls), `subtle.sign` in the
 * browser (IEEE P1363 r||s), `completeSignature` on the server.
 */
export async function browserApplicant(
  pki: PkiState,
  kek: Buffer,
  subject: { fullName: string; idNumber: string; province?: string },
): Promise<BrowserApplicant> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ])) as webcrypto.CryptoKeyPair;
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  const issued = issueCertificate(pki, kek, {
    profile: 'APPLICANT',
    subject,
    publicKey: crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }),
  });
  const sign: TwoStepSign = async (pdf, { timestamper, ...options }) => {
    const prepared = await prepareSignature(pdf, {
      ...options,
      signerCertificatePem: issued.certificatePem,
      chainPems: issued.chainPems,
    });
    const state = JSON.parse(JSON.stringify(prepared.state)) as typeof prepared.state;
    const p1363 = Buffer.from(
      await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        keys.privateKey,
        prepared.toBeSigned,
      ),
    );
    return completeSignature(state, p1363.toString('base64'), timestamper ? { timestamper } : {});
  };
  return { certificatePem: issued.certificatePem, chainPems: issued.chainPems, sign };
}

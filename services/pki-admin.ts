/**
 * PKI administration for operators (`npm run pki`): trust anchors of a licensed CA, officials' and
 * seals' certificates imported from PKCS#12 files (production brings its own), unlocking a key
 * locked by wrong PINs, revoking a certificate of the deployment's own CAs. Every imported key is
 * re-encrypted at once (PIN + KEK for a person, KEK for a seal); the file's password is not kept.
 */
import { render, say, type Message } from '../contract/messages';
import { ERROR_STATUS, type ErrorCode } from '../domain/errors';
import { getUnit } from '../domain/catalogue';
import { OfficialModel } from '../models/official';
import { PkiModel, PKI_ID, SealModel, sealIdOf } from '../models/signing';
import {
  addTrustAnchors,
  authorityCertificatesPem,
  createImportedPki,
  CscSigner,
  isSigningError,
  importPkcs12,
  inspectSignatureImage,
  parseCertificate,
  parseTrustAnchors,
  protectPrivateKey,
  resetLockout,
  revokeCertificate,
  validateChain,
  type EncryptedKeyRecord,
  type PkiState,
} from '../signing';
import { clearPinLockout, pinLockState } from '../activities/pin-lockout';
import { forgetPkiCopy, loadPki, savePki } from '../activities/pki';
import type { SigningProviderConfig } from '../runtime/config';
import { signingProvider } from '../activities/signing-providers';
import { isDuplicateKey } from '../models/db';

export class PkiAdminError extends Error {
  override readonly name = 'PkiAdminError';
  constructor(
    readonly code: Extract<ErrorCode, 'NOT_FOUND' | 'VALIDATION_FAILED' | 'IDEMPOTENCY_CONFLICT'>,
    /** A catalogue message; `message` is its English text (operators' command line). */
    readonly say: Message,
  ) {
    super(render(say, 'en'));
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Adds the roots of a licensed CA (PEM text); creates an imports-only PKI if there is none. */
export async function addDeploymentTrustAnchors(pemText: string): Promise<{ added: number }> {
  let anchors: string[];
  try {
    anchors = parseTrustAnchors(pemText);
  } catch (err) {
    throw new PkiAdminError(
      'VALIDATION_FAILED',
      say('pkiAdmin.badAnchors', { reason: String(err) }),
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await PkiModel.findById(PKI_ID).lean();
    if (!doc) {
      try {
        await PkiModel.create({
          _id: PKI_ID,
          state: createImportedPki(anchors) as unknown as Record<string, unknown>,
          revision: 1,
        });
        forgetPkiCopy();
        return { added: anchors.length };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue;
      }
    }
    const state = doc.state as unknown as PkiState;
    const next = addTrustAnchors(state, anchors);
    const added = next.trustAnchorsPem.length - state.trustAnchorsPem.length;
    if (added === 0 || (await savePki(next, doc.revision))) return { added };
  }
  throw new PkiAdminError('IDEMPOTENCY_CONFLICT', say('pkiAdmin.changing'));
}

/** Checks that a signer certificate (with its chain) can sign documents valid here. */
async function checkSignerCertificate(
  certificatePem: string,
  chainPems: readonly string[],
  now: Date,
) {
  const cert = parseCertificate(certificatePem);
  if (!cert.keyUsage?.digitalSignature || !cert.keyUsage.nonRepudiation) {
    throw new PkiAdminError(
      'VALIDATION_FAILED',
      say('pkiAdmin.invalid', {
        reason:
          'The certificate lacks the digitalSignature and nonRepudiation key usages a signing certificate needs.',
      }),
    );
  }
  const state = await loadPki();
  if (!state) throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.trustFirst'));
  const chain = validateChain(cert, {
    intermediates: [...chainPems, ...authorityCertificatesPem(state)].map((p) =>
      parseCertificate(p),
    ),
    anchors: state.trustAnchorsPem.map((p) => parseCertificate(p)),
    crls: [],
    at: now,
  });
  if (chain.status !== 'TRUSTED') {
    throw new PkiAdminError(
      'VALIDATION_FAILED',
      say('pkiAdmin.notTrusted', { reason: chain.errors.join('; ') }),
    );
  }
  return cert;
}

type Registered = { subject: string; serialNumber: string; notAfter: Date };

async function setSigningMethod(
  username: string,
  method: Record<string, unknown> | null,
): Promise<void> {
  const res = await OfficialModel.updateOne({ _id: username }, { $set: { signingMethod: method } });
  if (res.matchedCount !== 1)
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: username }));
}

/**
 * The official signs through a remote signing service from now on: the credential's certificate
 * is read from the service (credentials/info), checked against the trust anchors and kept in the
 * profile. The official confirms each signature at the service (their phone).
 */
export async function registerRemoteCredential(input: {
  username: string;
  provider: string;
  credentialId: string;
  providers: readonly SigningProviderConfig[];
  now?: Date;
}): Promise<Registered & { provider: string }> {
  if (!(await OfficialModel.exists({ _id: input.username })))
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: input.username }));
  const provider = signingProvider(input.providers, input.provider);
  if (!provider)
    throw new PkiAdminError(
      'NOT_FOUND',
      say('pkiAdmin.noProvider', {
        provider: input.provider,
        known: input.providers.map((p) => p.id).join(', ') || '—',
      }),
    );
  let signer: CscSigner;
  try {
    signer = await CscSigner.open(provider.client, input.credentialId);
  } catch (err) {
    if (isSigningError(err))
      throw new PkiAdminError(
        'VALIDATION_FAILED',
        say('pkiAdmin.invalid', { reason: err.message }),
      );
    throw err;
  }
  const cert = await checkSignerCertificate(
    signer.certificatePem,
    signer.chainPems,
    input.now ?? new Date(),
  );
  await setSigningMethod(input.username, {
    kind: 'REMOTE',
    provider: provider.id,
    credentialId: signer.credentialId,
    certificatePem: signer.certificatePem,
    chainPems: [...signer.chainPems],
  });
  return {
    subject: cert.subject.text,
    serialNumber: cert.serialNumber,
    notAfter: cert.notAfter,
    provider: provider.name,
  };
}

/**
 * The official signs with a token (USB, through its vendor's plugin in the browser): its
 * certificate (PEM, the issuing CAs may follow) is checked and kept in the profile.
 */
export async function registerTokenCertificate(input: {
  username: string;
  pem: string;
  now?: Date;
}): Promise<Registered> {
  if (!(await OfficialModel.exists({ _id: input.username })))
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: input.username }));
  const blocks =
    input.pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new PkiAdminError('VALIDATION_FAILED', say('pkiAdmin.noPem'));
  let certificatePem: string;
  let chainPems: string[];
  try {
    [certificatePem, ...chainPems] = blocks.map((b) => parseCertificate(b).pem) as [
      string,
      ...string[],
    ];
  } catch {
    throw new PkiAdminError('VALIDATION_FAILED', say('pkiAdmin.unreadable'));
  }
  const cert = await checkSignerCertificate(certificatePem, chainPems, input.now ?? new Date());
  await setSigningMethod(input.username, { kind: 'TOKEN', certificatePem, chainPems });
  return { subject: cert.subject.text, serialNumber: cert.serialNumber, notAfter: cert.notAfter };
}

/** The official signs with the server-held key and their PIN again. */
export async function useServerKey(username: string): Promise<{ hasKey: boolean }> {
  const official = await OfficialModel.findById(username).lean();
  if (!official)
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: username }));
  await setSigningMethod(username, null);
  return { hasKey: official.signing !== null };
}

/** Opens a PKCS#12 file and checks it can sign documents that verify against this deployment. */
async function checkedIdentity(p12: Buffer, password: string, now: Date) {
  let identity;
  try {
    identity = importPkcs12(p12, password);
  } catch (err) {
    throw new PkiAdminError(
      'VALIDATION_FAILED',
      say('pkiAdmin.invalid', { reason: (err as Error).message }),
    );
  }
  const cert = await checkSignerCertificate(identity.certificatePem, identity.chainPems, now);
  return { identity, cert };
}

/** Gives an official the signing identity of a PKCS#12 file, protected by their new PIN. */
export async function importOfficialCertificate(input: {
  username: string;
  p12: Buffer;
  password: string;
  pin: string;
  kek: Buffer;
  now?: Date;
}): Promise<{ subject: string; serialNumber: string; notAfter: Date }> {
  const official = await OfficialModel.findById(input.username).lean();
  if (!official)
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: input.username }));
  const { identity, cert } = await checkedIdentity(
    input.p12,
    input.password,
    input.now ?? new Date(),
  );
  let keyRecord: EncryptedKeyRecord;
  try {
    keyRecord = protectPrivateKey(identity.privateKey, {
      keyId: `official:${official._id}:${cert.serialNumber}`,
      kek: input.kek,
      pin: input.pin,
    });
  } catch (err) {
    throw new PkiAdminError(
      'VALIDATION_FAILED',
      say('pkiAdmin.invalid', { reason: (err as Error).message }),
    );
  }
  await OfficialModel.updateOne(
    { _id: official._id },
    {
      $set: {
        signing: {
          certificatePem: identity.certificatePem,
          chainPems: identity.chainPems,
          keyRecord: keyRecord as unknown as Record<string, unknown>,
        },
      },
      $inc: { signingRevision: 1 },
    },
  );
  await clearPinLockout(official._id); // a new key under a new PIN: the old count is over
  return { subject: cert.subject.text, serialNumber: cert.serialNumber, notAfter: cert.notAfter };
}

/** Gives a unit the organisation seal of a PKCS#12 file (KEK-protected). */
export async function importSealCertificate(input: {
  unitCode: string;
  p12: Buffer;
  password: string;
  kek: Buffer;
  now?: Date;
}): Promise<{ subject: string; serialNumber: string; notAfter: Date }> {
  const unit = getUnit(input.unitCode);
  if (!unit) throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noUnit', { who: input.unitCode }));
  const { identity, cert } = await checkedIdentity(
    input.p12,
    input.password,
    input.now ?? new Date(),
  );
  const keyRecord = protectPrivateKey(identity.privateKey, {
    keyId: `seal:${unit.code}:${cert.serialNumber}`,
    kek: input.kek,
  });
  await SealModel.updateOne(
    { unitCode: unit.code },
    {
      $set: {
        unitCode: unit.code,
        name: unit.name,
        certificatePem: identity.certificatePem,
        chainPems: identity.chainPems,
        keyRecord: keyRecord as unknown as Record<string, unknown>,
      },
      $setOnInsert: { _id: sealIdOf(unit.code) },
    },
    { upsert: true },
  );
  return { subject: cert.subject.text, serialNumber: cert.serialNumber, notAfter: cert.notAfter };
}

/** Clears the wrong-PIN lockout of an official's key after the official proved who they are. */
export async function unlockOfficialKey(username: string): Promise<{ wasLocked: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const official = await OfficialModel.findById(username).lean();
    if (!official?.signing)
      throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noKey', { who: username }));
    const record = official.signing.keyRecord as unknown as EncryptedKeyRecord;
    const counted = (await pinLockState(username)).failedAttempts;
    const wasLocked = record.lockedAt !== null || record.failedAttempts > 0 || counted > 0;
    await clearPinLockout(username);
    if (record.lockedAt === null && record.failedAttempts === 0) return { wasLocked };
    // Records written before the lockout moved to activities/pin-lockout.ts kept their own count.
    const saved = await OfficialModel.updateOne(
      { _id: username, signingRevision: official.signingRevision },
      {
        $set: { 'signing.keyRecord': resetLockout(record) },
        $inc: { signingRevision: 1 },
      },
    );
    if (saved.modifiedCount === 1) return { wasLocked };
  }
  throw new PkiAdminError('IDEMPOTENCY_CONFLICT', say('pkiAdmin.keyChanging'));
}

/**
 * Revokes the certificate of an official (`username`) or a seal (`seal:UNIT`) issued by one of
 * the deployment's CAs; the next CRL and every verification from now on show it.
 */
export async function revokeSigner(who: string): Promise<{ serialNumber: string }> {
  let certificatePem: string | undefined;
  if (who.startsWith('seal:')) {
    certificatePem = (await SealModel.findById(sealIdOf(who.slice(5))).lean())?.certificatePem;
  } else {
    certificatePem = (await OfficialModel.findById(who).lean())?.signing?.certificatePem;
  }
  if (!certificatePem) throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noCertificate', { who }));
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await PkiModel.findById(PKI_ID).lean();
    if (!doc) throw new PkiAdminError('NOT_FOUND', say('pki.notSetUp'));
    let next: PkiState;
    try {
      next = revokeCertificate(doc.state as unknown as PkiState, certificatePem);
    } catch (err) {
      throw new PkiAdminError(
        'VALIDATION_FAILED',
        say('pkiAdmin.invalid', { reason: (err as Error).message }),
      );
    }
    if (await savePki(next, doc.revision)) {
      return { serialNumber: parseCertificate(certificatePem).serialNumber };
    }
  }
  throw new PkiAdminError('IDEMPOTENCY_CONFLICT', say('pkiAdmin.changing'));
}

/**
 * The image of an official's handwritten signature shown in their signature boxes from now on
 * (PNG or JPEG, at most 1 MiB and 4000 pixels a side, RGB or greyscale); null removes it.
 * Documents signed before keep what they showed.
 */
export async function setSignatureImage(
  username: string,
  image: Buffer | null,
): Promise<{ format: string | null; width: number; height: number }> {
  let info = { format: null as string | null, width: 0, height: 0 };
  if (image) {
    try {
      info = inspectSignatureImage(image);
    } catch (err) {
      throw new PkiAdminError(
        'VALIDATION_FAILED',
        say('pkiAdmin.invalid', { reason: (err as Error).message }),
      );
    }
  }
  const res = await OfficialModel.updateOne({ _id: username }, { $set: { signatureImage: image } });
  if (res.matchedCount !== 1)
    throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noOfficial', { who: username }));
  return info;
}

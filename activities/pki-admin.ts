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
import { PkiModel, PKI_ID, SealModel } from '../models/signing';
import {
  addTrustAnchors,
  authorityCertificatesPem,
  createImportedPki,
  importPkcs12,
  parseCertificate,
  parseTrustAnchors,
  protectPrivateKey,
  resetLockout,
  revokeCertificate,
  validateChain,
  type EncryptedKeyRecord,
  type PkiState,
} from '../signing';
import { loadPki, savePki } from './pki';

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
        return { added: anchors.length };
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
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
  const cert = parseCertificate(identity.certificatePem);
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
    intermediates: [...identity.chainPems, ...authorityCertificatesPem(state)].map((p) =>
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
      $setOnInsert: { _id: `seal-${unit.code}` },
    },
    { upsert: true },
  );
  return { subject: cert.subject.text, serialNumber: cert.serialNumber, notAfter: cert.notAfter };
}

/** Clears the wrong-PIN counter of an official's key after the official proved who they are. */
export async function unlockOfficialKey(username: string): Promise<{ wasLocked: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const official = await OfficialModel.findById(username).lean();
    if (!official?.signing)
      throw new PkiAdminError('NOT_FOUND', say('pkiAdmin.noKey', { who: username }));
    const record = official.signing.keyRecord as unknown as EncryptedKeyRecord;
    const wasLocked = record.lockedAt !== null || record.failedAttempts > 0;
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
    certificatePem = (await SealModel.findOne({ unitCode: who.slice(5) }).lean())?.certificatePem;
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

/**
 * A citizen signs the prepared e-form through a remote signing service (CSC API): the page asks
 * for the credential's certificate (to prepare the form for it), then for the signature of that
 * application's `toBeSigned` — never of anything else, so this is no signing oracle — and polls
 * while the citizen confirms on their phone. The value it gets is submitted as with any other
 * method (`submitApplication` checks it again, with the certificate and the trust anchors).
 */
import { say } from '../../contract/messages';
import { ApplicationModel } from '../../models/application';
import { PendingSignatureModel, type PendingSignatureDoc } from '../../models/pending-signature';
import type { SigningProviderConfig } from '../../runtime/config';
import {
  CscSigner,
  isSigningError,
  signatureItem,
  type SignatureProgress,
  type SignatureTicket,
  type SigningState,
} from '../../signing';
import { NOT_GIVEN_MESSAGES } from '../../activities/documents/awaited';
import { signingProvider, type SigningProvider } from '../../activities/signing-providers';
import { ApplicationError } from './errors';

export interface RemoteSignatureAnswer {
  status: 'PENDING' | 'SIGNED' | 'REFUSED' | 'EXPIRED';
  /** Base64 signature value, once SIGNED: submit it. */
  signature?: string;
  expiresAt?: string | null;
  message?: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CREDENTIAL = /^[\x21-\x7e]{1,200}$/;

function providerOf(providers: readonly SigningProviderConfig[], id: unknown): SigningProvider {
  const provider = typeof id === 'string' ? signingProvider(providers, id) : null;
  if (!provider)
    throw new ApplicationError('VALIDATION_FAILED', say('remote.noProvider'), [
      { field: 'provider', message: say('remote.noProvider') },
    ]);
  return provider;
}

function unavailable(err: unknown): never {
  if (isSigningError(err))
    throw new ApplicationError(
      'DEPENDENCY_UNAVAILABLE',
      say('remote.failed', { reason: err.message }),
    );
  throw err;
}

async function open(provider: SigningProvider, credentialId: unknown): Promise<CscSigner> {
  if (typeof credentialId !== 'string' || !CREDENTIAL.test(credentialId))
    throw new ApplicationError('VALIDATION_FAILED', say('remote.credentialRequired'), [
      { field: 'credentialId', message: say('remote.credentialRequired') },
    ]);
  try {
    return await CscSigner.open(provider.client, credentialId);
  } catch (err) {
    return unavailable(err);
  }
}

/** The credential's certificate and chain, as one PEM text for `signerCertificatePem`. */
export async function remoteCertificate(
  providers: readonly SigningProviderConfig[],
  input: { provider?: unknown; credentialId?: unknown; userId?: unknown },
): Promise<{ credentialId: string; certificatePem: string }> {
  const provider = providerOf(providers, input.provider);
  let credentialId = input.credentialId;
  if (
    credentialId === undefined &&
    typeof input.userId === 'string' &&
    CREDENTIAL.test(input.userId)
  ) {
    try {
      credentialId = (await provider.client.listCredentials(input.userId))[0];
    } catch (err) {
      unavailable(err);
    }
  }
  const signer = await open(provider, credentialId);
  return {
    credentialId: signer.credentialId,
    certificatePem: [signer.certificatePem, ...signer.chainPems].join(''),
  };
}

async function preparedState(
  applicationId: unknown,
  now: Date,
): Promise<{ id: string; state: SigningState }> {
  const app =
    typeof applicationId === 'string' && ID.test(applicationId)
      ? await ApplicationModel.findById(applicationId).lean()
      : null;
  if (!app || app.status !== 'PREPARED' || !app.signingState || app.expiresAt <= now)
    throw new ApplicationError('NOT_FOUND', say('remote.noApplication'));
  return { id: app._id, state: app.signingState as unknown as SigningState };
}

async function save(id: string, progress: SignatureProgress): Promise<RemoteSignatureAnswer> {
  if (progress.status === 'SIGNED') {
    const signature = (progress.signatures[0] as Buffer).toString('base64');
    await PendingSignatureModel.updateOne(
      { _id: id },
      { $set: { status: 'SIGNED', signatures: [signature] } },
    );
    return { status: 'SIGNED', signature };
  }
  if (progress.status === 'PENDING') {
    await PendingSignatureModel.updateOne(
      { _id: id },
      {
        $set: {
          status: 'PENDING',
          ticket: progress.ticket,
          expiresAt: progress.expiresAt ? new Date(progress.expiresAt) : null,
        },
      },
    );
    return { status: 'PENDING', expiresAt: progress.expiresAt };
  }
  await PendingSignatureModel.updateOne(
    { _id: id },
    { $set: { status: progress.status, message: NOT_GIVEN_MESSAGES[progress.status] } },
  );
  return {
    status: progress.status,
    message: NOT_GIVEN_MESSAGES[progress.status].replace('; hồ sơ vẫn ở bước này', '; hãy ký lại'),
  };
}

/** Asks the service to sign the application's `toBeSigned` (the citizen confirms there). */
export async function requestRemoteSignature(
  providers: readonly SigningProviderConfig[],
  input: { applicationId: unknown; provider?: unknown; credentialId?: unknown },
  now = new Date(),
): Promise<RemoteSignatureAnswer> {
  const { id, state } = await preparedState(input.applicationId, now);
  const provider = providerOf(providers, input.provider);
  const signer = await open(provider, input.credentialId);
  if (signer.certificatePem !== state.signerCertificatePem)
    throw new ApplicationError('VALIDATION_FAILED', say('remote.otherCredential'), [
      { field: 'credentialId', message: say('remote.notThatCredential') },
    ]);
  const _id = `application/${id}`;
  await PendingSignatureModel.deleteOne({ _id });
  await PendingSignatureModel.create({
    _id,
    caseCode: 'application',
    key: id,
    officialId: `${provider.id}:${signer.credentialId}`,
    method: 'REMOTE',
    status: 'STARTING',
    jobs: [],
  });
  let progress: SignatureProgress;
  try {
    progress = await signer.request(
      [signatureItem(Buffer.from(state.signedAttributes, 'base64'))],
      {
        reference: _id,
        description: 'Ký tờ khai nộp hồ sơ trực tuyến',
      },
    );
  } catch (err) {
    return unavailable(err);
  }
  return save(_id, progress);
}

/** Where the citizen's remote signature stands (the page polls this). */
export async function remoteSignatureStatus(
  providers: readonly SigningProviderConfig[],
  applicationId: unknown,
  now = new Date(),
): Promise<RemoteSignatureAnswer> {
  const { id } = await preparedState(applicationId, now);
  const _id = `application/${id}`;
  const rec = await PendingSignatureModel.findById(_id).lean<PendingSignatureDoc>();
  if (!rec) throw new ApplicationError('NOT_FOUND', say('remote.notAsked'));
  if (rec.status !== 'PENDING' || !rec.ticket)
    return { status: rec.status === 'SIGNED' ? 'SIGNED' : 'EXPIRED' };
  const [providerId, ...credential] = rec.officialId.split(':');
  const signer = await open(providerOf(providers, providerId), credential.join(':'));
  try {
    return await save(_id, await signer.poll(rec.ticket as SignatureTicket));
  } catch (err) {
    return unavailable(err);
  }
}

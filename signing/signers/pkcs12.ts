/** Adapter: a PKCS#12 file (.p12/.pfx) of a licensed CA, opened with its password. */
import { importPkcs12 } from '../pki/pkcs12';
import { LocalKeySigner } from './local-key';

/** A signer from a PKCS#12 file; the key stays in this process and signs at once. */
export function signerFromPkcs12(p12: Buffer, password: string): LocalKeySigner {
  const identity = importPkcs12(p12, password);
  return new LocalKeySigner(identity.privateKey, identity.certificatePem, identity.chainPems);
}

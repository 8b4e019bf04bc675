/**
 * Key pairs for tests, made at once. Parsed from their DER encodings, never the objects of the
 * generation job itself: Node finalises a finished job in a GC under the mutex of the key it
 * made, and a call on that key that allocates can wait for itself for ever (signing/pki/keys.ts).
 */
import crypto, { type KeyObject } from 'node:crypto';

const generateDer = crypto.generateKeyPairSync as unknown as (
  type: string,
  options: Record<string, unknown>,
) => { publicKey: Buffer; privateKey: Buffer };

export function testKeyPair(
  type: 'rsa' | 'ec',
  options: { modulusLength?: number; namedCurve?: string },
): { privateKey: KeyObject; publicKey: KeyObject } {
  const der = generateDer(type, {
    ...options,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return {
    privateKey: crypto.createPrivateKey({ key: der.privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: crypto.createPublicKey({ key: der.publicKey, format: 'der', type: 'spki' }),
  };
}

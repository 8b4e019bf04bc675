/**
 * PKCS#12 import (production: officials' and seals' certificates from a licensed CA) and export
 * (tests, benchmarks, handing a development identity to another tool).
 */
import crypto, { type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { SigningError } from '../errors';
import { isIssuedBy, parseCertificate } from './certificates';
import { keyAlgorithmOf } from './keys';

/** The identity found in a PKCS#12 file. */
export interface Pkcs12Identity {
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  /** Other certificates of the file ordered upwards from the signer's issuer. */
  readonly chainPems: string[];
}

/** Opens a PKCS#12 (.p12/.pfx). RSA and EC P-256 keys. Throws `PKCS12_INVALID`. */
export function importPkcs12(p12: Buffer, password: string): Pkcs12Identity {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(p12.toString('binary'));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch {
    throw new SigningError(
      'PKCS12_INVALID',
      'the PKCS#12 file cannot be opened (wrong password or damaged file)',
    );
  }
  const keys: KeyObject[] = [];
  for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
    if (!type) continue;
    for (const bag of parsed.getBags({ bagType: type })[type] ?? []) {
      try {
        if (bag.key) keys.push(crypto.createPrivateKey(forge.pki.privateKeyToPem(bag.key)));
        else if (bag.asn1) {
          const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
          keys.push(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
        }
      } catch {
        // unsupported key bag: ignored, reported below if nothing usable is left
      }
    }
  }
  const certs = [];
  const certType = forge.pki.oids.certBag as string;
  for (const bag of parsed.getBags({ bagType: certType })[certType] ?? []) {
    try {
      const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
      if (!asn1) continue;
      certs.push(parseCertificate(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')));
    } catch {
      // skip unreadable certificate bags
    }
  }
  for (const key of keys) {
    const spki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
    const leaf = certs.find((c) => c.spki.equals(spki));
    if (!leaf) continue;
    keyAlgorithmOf(key);
    const chain: string[] = [];
    let current = leaf;
    const rest = certs.filter((c) => c !== leaf);
    for (let i = 0; i < 8; i++) {
      const parent = rest.find((c) => !chain.includes(c.pem) && isIssuedBy(current, c));
      if (!parent || parent === current) break;
      chain.push(parent.pem);
      if (parent.issuerDer.equals(parent.subjectDer)) break;
      current = parent;
    }
    return { privateKey: key, certificatePem: leaf.pem, chainPems: chain };
  }
  throw new SigningError(
    'PKCS12_INVALID',
    'the PKCS#12 file holds no private key with its certificate',
  );
}

/**
 * Writes an RSA identity as PKCS#12 (3DES, SHA-1 MAC: the widest-read profile). Used by the
 * benchmark (for @signpdf/signer-p12) and by tests.
 */
export function exportPkcs12(identity: Pkcs12Identity, password: string): Buffer {
  const pem = identity.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const key = forge.pki.privateKeyFromPem(pem);
  const certs = [identity.certificatePem, ...identity.chainPems].map((p) =>
    forge.pki.certificateFromPem(p),
  );
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

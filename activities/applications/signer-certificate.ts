/**
 * The applicant's signing certificate, checked before anything is rendered: a parseable PEM, an
 * RSA ≥ 2048 or EC P-256 key, valid now, allowed to sign (digitalSignature or nonRepudiation, not
 * a CA), issued through a path that ends at one of the deployment's trust anchors (never through
 * the deployment's own CAs for officials or seals, and not revoked by them), and naming the
 * applicant: the 12-digit identity number in `serialNumber` or `UID` ("CCCD:<12 digits>") and the
 * same full name (NFC, case-insensitive) in the common name.
 */
import crypto, { X509Certificate } from 'node:crypto';
import { type CertificateInfo, type PkiState, parseCertificate } from '../../signing';
import type { FieldProblem } from './errors';
import { comparableName } from './validation';

export const CERTIFICATE_FIELD = 'signerCertificatePem';
const MAX_PEM_LENGTH = 64 * 1024;
const MAX_PATH = 6;

/** A certificate that passed every check, with the chain to embed in the signature. */
export interface CheckedSigner {
  certificatePem: string;
  /** Issuing CA(s) up to and including the trust anchor. */
  chainPems: string[];
  name: string;
  idNumber: string;
  sha256: string;
}

interface Parsed {
  info: CertificateInfo;
  x509: X509Certificate;
}

function parse(der: Buffer): Parsed {
  return { info: parseCertificate(der), x509: new X509Certificate(der) };
}

function pemBlocks(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g))
    out.push(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return out;
}

const fingerprint = (c: Parsed): string => c.info.sha256.toString('hex');

function issuedBy(child: Parsed, issuer: Parsed): boolean {
  try {
    return child.x509.checkIssued(issuer.x509) && child.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/** Describes why a key is not one we accept, or null. */
export function keyProblem(key: crypto.KeyObject): string | null {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < 2048) return `an RSA key must have at least 2048 bits (this one has ${bits})`;
    if (bits > 8192) return `an RSA key may have at most 8192 bits (this one has ${bits})`;
    return null;
  }
  if (key.asymmetricKeyType === 'ec') {
    return details.namedCurve === 'prime256v1'
      ? null
      : `an EC key must be on the P-256 curve (this one is on ${details.namedCurve ?? 'an unknown curve'})`;
  }
  return `the key must be RSA (≥ 2048 bits) or EC P-256, not ${key.asymmetricKeyType ?? 'unknown'}`;
}

/** The 12-digit identity numbers a subject names ("CCCD:079…" in serialNumber or UID). */
export function identityNumbersOf(info: CertificateInfo): string[] {
  const ids: string[] = [];
  for (const a of info.subject.attributes) {
    if (a.type !== 'serialNumber' && a.type !== 'UID') continue;
    const m = /^(?:[A-Za-z ]{2,12}\s*[:-]\s*)?(\d{12})$/.exec(a.value.trim());
    if (m?.[1]) ids.push(m[1]);
  }
  return ids;
}

/**
 * Checks the certificate for this applicant at `now`; pushes every problem onto `problems` under
 * `signerCertificatePem` and returns the checked signer when there is none.
 */
export function checkSignerCertificate(
  pem: unknown,
  applicant: { fullName?: string; idNumber?: string } | undefined,
  pki: PkiState,
  now: Date,
  problems: FieldProblem[],
): CheckedSigner | undefined {
  const field = CERTIFICATE_FIELD;
  const add = (message: string): void => {
    problems.push({ field, message });
  };
  if (typeof pem !== 'string' || pem === '') {
    add('is required (the PEM of the signing certificate)');
    return undefined;
  }
  if (pem.length > MAX_PEM_LENGTH) {
    add('is too long');
    return undefined;
  }
  const blocks = pemBlocks(pem);
  let signer: Parsed;
  const supplied: Parsed[] = [];
  try {
    if (!blocks[0]) throw new Error('no PEM certificate');
    signer = parse(blocks[0]);
    for (const b of blocks.slice(1)) supplied.push(parse(b));
  } catch {
    add('is not a PEM X.509 certificate');
    return undefined;
  }
  const before = problems.length;

  // The key and what the certificate allows.
  const keyIssue = keyProblem(signer.info.publicKey);
  if (keyIssue) add(keyIssue);
  if (signer.info.basicConstraints?.ca) add('is a CA certificate, which cannot sign documents');
  const usage = signer.info.keyUsage;
  if (!usage || (!usage.digitalSignature && !usage.nonRepudiation)) {
    add('does not allow document signatures (key usage digitalSignature or nonRepudiation)');
  }
  if (now < signer.info.notBefore) add('is not valid yet');
  if (now > signer.info.notAfter) add('has expired');

  // The path to a trust anchor.
  const anchors = pki.trustAnchorsPem.flatMap((p) => pemBlocks(p)).map(parse);
  const ours = pki.authorities.map((a) => ({
    authority: a,
    cert: parse(pemBlocks(a.certificatePem)[0] as Buffer),
  }));
  const intermediates = [...supplied, ...ours.map((o) => o.cert)].filter(
    (c) => c.info.basicConstraints?.ca === true,
  );
  const path: Parsed[] = [signer];
  let anchored = false;
  while (path.length < MAX_PATH) {
    const current = path[path.length - 1] as Parsed;
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) {
      path.push(anchor);
      anchored = true;
      break;
    }
    const next = intermediates.find(
      (c) => !path.some((p) => fingerprint(p) === fingerprint(c)) && issuedBy(current, c),
    );
    if (!next) break;
    path.push(next);
  }
  if (!anchored) {
    add('is not issued by a certification authority this deployment trusts');
  } else {
    for (const ca of path.slice(1)) {
      const name = ca.info.subject.commonName ?? ca.info.subject.text;
      if (now < ca.info.notBefore || now > ca.info.notAfter)
        add(`is issued by "${name}", which is not valid now`);
      if (ca.info.keyUsage && !ca.info.keyUsage.keyCertSign)
        add(`is issued by "${name}", which may not issue certificates`);
    }
    path.forEach((cert, i) => {
      const own = ours.find((o) => fingerprint(o.cert) === fingerprint(cert));
      if (!own) return;
      if (own.authority.purpose !== 'CITIZENS' && own.authority.purpose !== 'ROOT') {
        add(
          `is issued by the deployment's ${own.authority.purpose.toLowerCase()} CA, which does not certify applicants`,
        );
      }
      const child = path[i - 1];
      if (child && own.authority.revoked.some((r) => r.serialNumber === child.info.serialNumber))
        add(child === signer ? 'has been revoked' : 'is issued by a revoked CA');
    });
  }

  // Whose certificate it is.
  const ids = identityNumbersOf(signer.info);
  if (ids.length === 0) {
    add('does not name a 12-digit identity number (serialNumber or UID "CCCD:…")');
  } else if (applicant?.idNumber && !ids.includes(applicant.idNumber)) {
    add(`belongs to identity number ${ids[0] as string}, not to applicant.idNumber`);
  }
  const certName = signer.info.subject.commonName ?? '';
  if (applicant?.fullName && comparableName(certName) !== comparableName(applicant.fullName)) {
    add(`is issued to "${certName}", not to applicant.fullName`);
  }

  if (problems.length > before) return undefined;
  return {
    certificatePem: signer.info.pem,
    chainPems: path.slice(1).map((c) => c.info.pem),
    name: certName,
    idNumber: applicant?.idNumber ?? (ids[0] as string),
    sha256: fingerprint(signer),
  };
}

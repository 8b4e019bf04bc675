/**
 * The applicant's signing certificate, checked before anything is rendered: a parseable PEM, an
 * RSA ≥ 2048 or EC P-256 key, valid now, allowed to sign (digitalSignature or nonRepudiation, not
 * a CA), issued through a path that ends at one of the deployment's trust anchors (never through
 * the deployment's own CAs for officials or seals, and not revoked by them), and naming the
 * applicant: the 12-digit identity number in `serialNumber` or `UID` ("CCCD:<12 digits>") and the
 * same full name (NFC, case-insensitive) in the common name.
 */
import crypto, { X509Certificate } from 'node:crypto';
import type { MessageKey } from '../../contract/messages';
import { problemAt } from '../../contract/problems';
import { PrepareApplicationRequest } from '../../contract/schemas';
import { type CertificateInfo, type PkiState, parseCertificate } from '../../signing';
import type { FieldProblem } from './errors';
import { comparableName } from '../../activities/applications/validation';

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

/** Why a key is not one we accept (a catalogue key and its parameters), or null. */
export function keyProblem(
  key: crypto.KeyObject,
): { key: MessageKey; params: Record<string, string | number> } | null {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < 2048) return { key: 'certificate.rsaTooShort', params: { bits } };
    if (bits > 8192) return { key: 'certificate.rsaTooLong', params: { bits } };
    return null;
  }
  if (key.asymmetricKeyType === 'ec') {
    return details.namedCurve === 'prime256v1'
      ? null
      : { key: 'certificate.ecCurve', params: { curve: details.namedCurve ?? '?' } };
  }
  return { key: 'certificate.keyType', params: { type: key.asymmetricKeyType ?? '?' } };
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
  const add = (key: MessageKey, params?: Record<string, string | number>): void => {
    problems.push(
      problemAt(PrepareApplicationRequest, [CERTIFICATE_FIELD], key, params, { hint: false }),
    );
  };
  if (typeof pem !== 'string' || pem === '') {
    add('certificate.required');
    return undefined;
  }
  if (pem.length > MAX_PEM_LENGTH) {
    add('certificate.tooLong');
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
    add('certificate.notPem');
    return undefined;
  }
  const before = problems.length;

  // The key and what the certificate allows.
  const keyIssue = keyProblem(signer.info.publicKey);
  if (keyIssue) add(keyIssue.key, keyIssue.params);
  if (signer.info.basicConstraints?.ca) add('certificate.isCa');
  const usage = signer.info.keyUsage;
  if (!usage || (!usage.digitalSignature && !usage.nonRepudiation)) {
    add('certificate.noSigningUsage');
  }
  if (now < signer.info.notBefore) add('certificate.notYetValid');
  if (now > signer.info.notAfter) add('certificate.expired');

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
    add('certificate.untrusted');
  } else {
    for (const ca of path.slice(1)) {
      const name = ca.info.subject.commonName ?? ca.info.subject.text;
      if (now < ca.info.notBefore || now > ca.info.notAfter)
        add('certificate.issuerNotValid', { name });
      if (ca.info.keyUsage && !ca.info.keyUsage.keyCertSign)
        add('certificate.issuerCannotIssue', { name });
    }
    path.forEach((cert, i) => {
      const own = ours.find((o) => fingerprint(o.cert) === fingerprint(cert));
      if (!own) return;
      if (own.authority.purpose !== 'CITIZENS' && own.authority.purpose !== 'ROOT') {
        add('certificate.wrongCa', { purpose: own.authority.purpose.toLowerCase() });
      }
      const child = path[i - 1];
      if (child && own.authority.revoked.some((r) => r.serialNumber === child.info.serialNumber))
        add(child === signer ? 'certificate.revoked' : 'certificate.issuerRevoked');
    });
  }

  // Whose certificate it is.
  const ids = identityNumbersOf(signer.info);
  if (ids.length === 0) {
    add('certificate.noIdNumber');
  } else if (applicant?.idNumber && !ids.includes(applicant.idNumber)) {
    add('certificate.otherIdNumber', { id: ids[0] as string });
  }
  const certName = signer.info.subject.commonName ?? '';
  if (applicant?.fullName && comparableName(certName) !== comparableName(applicant.fullName)) {
    add('certificate.otherName', { name: certName });
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

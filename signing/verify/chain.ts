/**
 * Certificate path validation to the trust anchors at a given time, with revocation from CRLs
 * supplied by the caller (this library does no network I/O).
 */
import { type CertificateInfo, isIssuedBy } from '../pki/certificates';
import { type CrlInfo, isCrlIssuedBy } from '../pki/crl';
import { type OcspResponseInfo, checkOcspResponse } from '../pki/ocsp';

/** Outcome of {@link validateChain}. */
export interface ChainResult {
  readonly status: 'TRUSTED' | 'UNTRUSTED' | 'REVOKED';
  /** Signer first, trust anchor last (when one was reached). */
  readonly path: readonly CertificateInfo[];
  readonly revokedAt?: Date;
  /** Every certificate of the path below the anchor has a CRL or OCSP answer (or ocsp-nocheck). */
  readonly revocationChecked: boolean;
  readonly errors: readonly string[];
}

/**
 * Builds a path from `signer` through `intermediates` to one of `anchors` and checks validity
 * periods at `at`, CA constraints and key usage, and revocation by the given CRLs and OCSP
 * responses.
 *
 * Without a proven time (`atIsProven` false: B-B, the claimed /M only) a revoked certificate is
 * REVOKED whatever the claimed time. With a time-stamp's genTime, a revocation after it does not
 * count: the signature provably existed before.
 */
export function validateChain(
  signer: CertificateInfo,
  options: {
    intermediates: readonly CertificateInfo[];
    anchors: readonly CertificateInfo[];
    crls: readonly CrlInfo[];
    ocsps?: readonly OcspResponseInfo[];
    at: Date;
    atIsProven?: boolean;
  },
): ChainResult {
  const errors: string[] = [];
  const path: CertificateInfo[] = [signer];
  let anchored = false;
  for (let depth = 0; depth < 10; depth++) {
    const current = path[path.length - 1] as CertificateInfo;
    if (options.anchors.some((a) => a.der.equals(current.der))) {
      anchored = true;
      break;
    }
    const anchor = options.anchors.find((a) => isIssuedBy(current, a));
    if (anchor) {
      path.push(anchor);
      anchored = true;
      break;
    }
    const next = options.intermediates.find((c) => !path.includes(c) && isIssuedBy(current, c));
    if (!next) break;
    path.push(next);
  }
  if (!anchored) errors.push('the certificate does not chain to a trusted root');

  const at = options.at.getTime();
  path.forEach((cert, i) => {
    if (at < cert.notBefore.getTime() || at > cert.notAfter.getTime()) {
      errors.push(
        `certificate "${cert.subject.commonName ?? cert.subject.text}" is not valid at the signing time`,
      );
    }
    if (i > 0) {
      if (cert.basicConstraints?.ca !== true)
        errors.push(`"${cert.subject.text}" is not a CA certificate`);
      if (cert.keyUsage && !cert.keyUsage.keyCertSign)
        errors.push(`"${cert.subject.text}" may not sign certificates`);
    }
  });
  if (signer.keyUsage && !signer.keyUsage.digitalSignature && !signer.keyUsage.nonRepudiation) {
    errors.push('the signer certificate is not allowed to sign');
  }

  let revokedAt: Date | undefined;
  let revocationChecked = anchored;
  const note = (d: Date): void => {
    if (revokedAt === undefined || d < revokedAt) revokedAt = d;
  };
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as CertificateInfo;
    const issuer = path[i + 1] as CertificateInfo;
    let known = cert.ocspNoCheck;
    for (const crl of options.crls) {
      if (!crl.issuerDer.equals(issuer.subjectDer)) continue;
      if (!isCrlIssuedBy(crl, issuer)) {
        errors.push('a CRL for this issuer has an invalid signature and was ignored');
        continue;
      }
      known = true;
      const entry = crl.revoked.get(cert.serialNumber);
      if (entry) note(entry.revokedAt);
    }
    for (const resp of options.ocsps ?? []) {
      const check = checkOcspResponse(resp, cert, issuer, options.intermediates);
      if (!check.ok) continue;
      known = true;
      if (check.certStatus?.status === 'revoked') note(check.certStatus.revokedAt);
    }
    if (!known) revocationChecked = false;
  }
  if (revokedAt && (!options.atIsProven || revokedAt.getTime() <= at)) {
    errors.push(`a certificate of the chain was revoked on ${revokedAt.toISOString()}`);
    return { status: 'REVOKED', path, revokedAt, revocationChecked, errors };
  }
  return {
    status: anchored && errors.length === 0 ? 'TRUSTED' : 'UNTRUSTED',
    path,
    ...(revokedAt ? { revokedAt } : {}),
    revocationChecked,
    errors,
  };
}

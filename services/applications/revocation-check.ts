/**
 * The applicant's certificate must be unrevoked when they sign. The synchronous check
 * (signer-certificate.ts) knows the deployment's own CAs' revocations; a licensed CA's are asked
 * here, from the OCSP responder or CRL the certificates name (activities/revocation.ts, cached).
 * A certificate that names no revocation source cannot be checked and passes; one whose sources
 * do not answer is refused for now (503: try again), never accepted blindly.
 */
import { say } from '../../contract/messages';
import {
  type CertificateInfo,
  type PkiState,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  validateChain,
} from '../../signing';
import { RevocationFetcher } from '../../activities/revocation';
import { ApplicationError } from './errors';
import type { CheckedSigner } from './signer-certificate';

const shared = new RevocationFetcher();

/** Throws VALIDATION_FAILED when a certificate of the chain is revoked, 503 when no source answers. */
export async function checkSignerNotRevoked(
  signer: CheckedSigner,
  pki: PkiState,
  now: Date,
  fetcher: RevocationFetcher = shared,
): Promise<void> {
  const path = [signer.certificatePem, ...signer.chainPems].map((p) => parseCertificate(p));
  const own = new Set(
    pki.authorities.map((a) => parseCertificate(a.certificatePem).sha256.toString('hex')),
  );
  const crls = [];
  const ocsps = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as CertificateInfo;
    const issuer = path[i + 1] as CertificateInfo;
    if (own.has(issuer.sha256.toString('hex'))) continue; // checked with the deployment's lists
    if (cert.ocspUrls.length === 0 && cert.crlDistributionPoints.length === 0) continue;
    const answer = await fetcher.answer(cert, issuer, now.getTime());
    if (!answer) {
      throw new ApplicationError('DEPENDENCY_UNAVAILABLE', say('revocation.unavailable'));
    }
    if (answer.crl) crls.push(parseCrl(answer.crl));
    if (answer.ocsp) ocsps.push(parseOcspResponse(answer.ocsp));
  }
  const chain = validateChain(path[0] as CertificateInfo, {
    intermediates: path.slice(1),
    anchors: pki.trustAnchorsPem.map((p) => parseCertificate(p)),
    crls,
    ocsps,
    at: now,
  });
  if (chain.status === 'REVOKED') {
    throw new ApplicationError('VALIDATION_FAILED', say('revocation.revoked'), [
      { field: 'signerCertificatePem', message: say('revocation.revokedField') },
    ]);
  }
}

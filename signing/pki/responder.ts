/**
 * The deployment's OCSP responder: answers for certificates issued by the CAs it holds, signed by
 * each CA's delegated responder (id-kp-OCSPSigning, ocsp-nocheck). Used over HTTP by the API and
 * in-process when the worker embeds revocation data (B-LT). Responder keys are unlocked once per
 * PKI state and kept in memory.
 */
import type { KeyObject } from 'node:crypto';
import { unlockWithKek } from '../keystore';
import type { CertificationAuthority, PkiState } from './ca';
import { type CertificateInfo, parseCertificate } from './certificates';
import {
  type CertId,
  type OcspCertStatus,
  buildOcspResponse,
  certIdIssuedBy,
  certIdOf,
  ocspErrorResponse,
  parseOcspRequest,
} from './ocsp';

/** How long an answer is good for (nextUpdate - thisUpdate). */
const VALIDITY_MS = 24 * 3600_000;

interface Loaded {
  ca: CertificationAuthority;
  caCert: CertificateInfo;
  responderCert?: CertificateInfo;
  responderKey?: KeyObject;
}

/** Answers OCSP requests for the CAs of one PKI state. */
export class DeploymentOcspResponder {
  readonly #authorities: Loaded[];
  readonly #kek: Buffer;

  constructor(state: PkiState, kek: Buffer) {
    this.#kek = kek;
    this.#authorities = state.authorities.map((ca) => ({
      ca,
      caCert: parseCertificate(ca.certificatePem),
    }));
  }

  /** The CA of this deployment that issued the certificate a CertID names, if any. */
  #authorityFor(id: CertId): Loaded | undefined {
    return this.#authorities.find((a) => certIdIssuedBy(id, a.caCert));
  }

  #signer(a: Loaded): { cert: CertificateInfo; key: KeyObject } | undefined {
    if (!a.ca.responder) return undefined;
    if (!a.responderKey) {
      const unlocked = unlockWithKek(a.ca.responder.key, this.#kek);
      a.responderKey = unlocked._keyObject();
      a.responderCert = parseCertificate(a.ca.responder.certificatePem);
    }
    return { cert: a.responderCert as CertificateInfo, key: a.responderKey };
  }

  static #status(ca: CertificationAuthority, serialNumber: string, now: Date): OcspCertStatus {
    const entry = ca.revoked.find((r) => r.serialNumber === serialNumber);
    if (!entry || new Date(entry.revokedAt) > now) return { status: 'good' };
    return { status: 'revoked', revokedAt: new Date(entry.revokedAt), reason: entry.reason };
  }

  #answer(a: Loaded, ids: readonly CertId[], now: Date, nonce?: Buffer): Buffer {
    const signer = this.#signer(a);
    if (!signer) return ocspErrorResponse('unauthorized');
    return buildOcspResponse({
      responderCertificate: signer.cert,
      responderKey: signer.key,
      certificates: [signer.cert],
      producedAt: now,
      responses: ids.map((id) => ({
        id,
        certStatus: DeploymentOcspResponder.#status(a.ca, id.serialNumber, now),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + VALIDITY_MS),
      })),
      ...(nonce ? { nonceExtensionValue: nonce } : {}),
    });
  }

  /**
   * Answers a DER OCSPRequest with a DER OCSPResponse: malformedRequest for bytes that are not
   * one, unauthorized when a certificate is not from one of our CAs.
   */
  respond(requestDer: Buffer, now = new Date()): Buffer {
    let request;
    try {
      request = parseOcspRequest(requestDer);
    } catch {
      return ocspErrorResponse('malformedRequest');
    }
    const first = request.ids[0] as CertId;
    const a = this.#authorityFor(first);
    if (!a || request.ids.some((id) => this.#authorityFor(id) !== a))
      return ocspErrorResponse('unauthorized');
    return this.#answer(a, request.ids, now, request.nonceExtensionValue);
  }

  /** A response about `cert` when one of our CAs issued it (else undefined). */
  responseFor(
    cert: CertificateInfo,
    issuer: CertificateInfo,
    now = new Date(),
  ): Buffer | undefined {
    const id = certIdOf(cert, issuer, 'sha1');
    const a = this.#authorityFor(id);
    return a ? this.#answer(a, [id], now) : undefined;
  }

  toJSON(): string {
    return '[DeploymentOcspResponder]';
  }
}

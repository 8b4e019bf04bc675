/**
 * Where signature and document time-stamps come from: anything that turns a SHA-256 digest into
 * an RFC 3161 token. The deployment's own TSA runs in-process ({@link LocalTimestampAuthority});
 * a licensed TSA is reached over HTTP by activities/tsa-client.ts.
 */
import type { KeyObject } from 'node:crypto';
import { type CertificateInfo, parseCertificate } from '../pki/certificates';
import { parseTimestampRequest, buildTimestampResponse } from './protocol';
import { issueTimestampToken } from './token';

/** Turns a SHA-256 digest into a time-stamp token (DER ContentInfo). */
export interface Timestamper {
  timestamp(digest: Buffer): Promise<Buffer>;
}

/** A TSA whose key is in this process (development: under the deployment's root). */
export class LocalTimestampAuthority implements Timestamper {
  readonly #key: KeyObject;
  readonly certificate: CertificateInfo;
  readonly chain: readonly CertificateInfo[];
  readonly #clock: () => Date;

  constructor(
    key: KeyObject,
    certificatePem: string,
    chainPems: readonly string[] = [],
    clock: () => Date = () => new Date(),
  ) {
    this.#key = key;
    this.certificate = parseCertificate(certificatePem);
    this.chain = chainPems.map((p) => parseCertificate(p));
    this.#clock = clock;
  }

  async timestamp(digest: Buffer): Promise<Buffer> {
    return issueTimestampToken(
      { imprint: digest, certReq: true },
      { certificate: this.certificate, chain: this.chain, key: this.#key },
      this.#clock(),
    );
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp (for an HTTP endpoint). */
  respond(requestDer: Buffer): Buffer {
    const request = parseTimestampRequest(requestDer);
    const token = issueTimestampToken(
      request,
      { certificate: this.certificate, chain: this.chain, key: this.#key },
      this.#clock(),
    );
    return buildTimestampResponse({ token });
  }

  toJSON(): string {
    return '[LocalTimestampAuthority]';
  }
}

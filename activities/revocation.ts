/**
 * Revocation data for certificates of licensed CAs (imported into the deployment): the worker asks
 * the OCSP responder named in the certificate's AIA, else downloads the CRL of its distribution
 * point, and keeps the answers in a bounded in-memory cache until they go stale. The signing
 * library never goes to the network: it receives these answers (B-LT, see signing/ltv).
 */
import {
  type CertificateInfo,
  type RevocationAnswer,
  buildOcspRequest,
  certIdOf,
  checkOcspResponse,
  parseCrl,
  parseOcspResponse,
  randomNonce,
} from '../signing';
import { readLimited } from './tsa-client';

const MAX_OCSP_BYTES = 64 * 1024;
const MAX_CRL_BYTES = 10 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** An answer is kept at most this long, and never past its nextUpdate. */
const MAX_AGE_MS = 60 * 60_000;
const MAX_ENTRIES = 500;

interface Entry {
  answer: RevocationAnswer;
  expires: number;
  bytes: number;
}

/** Fetches and caches OCSP responses and CRLs, bounded in count, size and age. */
export class RevocationFetcher {
  readonly #cache = new Map<string, Entry>();
  readonly #fetch: typeof fetch;

  constructor(fetchImpl: typeof fetch = fetch) {
    this.#fetch = fetchImpl;
  }

  #remember(
    key: string,
    answer: RevocationAnswer,
    nextUpdate: Date | undefined,
    now: number,
  ): void {
    const expires = Math.min(now + MAX_AGE_MS, nextUpdate?.getTime() ?? Infinity);
    if (expires <= now) return;
    if (this.#cache.size >= MAX_ENTRIES) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    const bytes = (answer.ocsp?.length ?? 0) + (answer.crl?.length ?? 0);
    this.#cache.set(key, { answer, expires, bytes });
  }

  async #post(url: string, body: Buffer): Promise<Buffer> {
    const res = await this.#fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`OCSP responder ${url} answered ${res.status}`);
    return readLimited(res, MAX_OCSP_BYTES, 'the OCSP response');
  }

  async #get(url: string): Promise<Buffer> {
    const res = await this.#fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`CRL ${url} answered ${res.status}`);
    return readLimited(res, MAX_CRL_BYTES, 'the CRL');
  }

  /** OCSP first (AIA), then the CRL distribution points; undefined when neither answers. */
  async answer(
    cert: CertificateInfo,
    issuer: CertificateInfo,
    now = Date.now(),
  ): Promise<RevocationAnswer | undefined> {
    const key = `${issuer.sha256.toString('hex')}:${cert.serialNumber}`;
    const hit = this.#cache.get(key);
    if (hit && hit.expires > now) return hit.answer;
    this.#cache.delete(key);
    for (const url of cert.ocspUrls.filter((u) => /^https?:\/\//.test(u))) {
      try {
        const nonce = randomNonce();
        const der = await this.#post(url, buildOcspRequest([certIdOf(cert, issuer)], nonce));
        const resp = parseOcspResponse(der);
        const check = checkOcspResponse(resp, cert, issuer);
        if (!check.ok) continue;
        this.#remember(key, { ocsp: der }, check.nextUpdate, now);
        return { ocsp: der };
      } catch {
        // try the next source
      }
    }
    for (const url of cert.crlDistributionPoints.filter((u) => /^https?:\/\//.test(u))) {
      const crlKey = `crl:${url}`;
      const cached = this.#cache.get(crlKey);
      if (cached && cached.expires > now) return cached.answer;
      try {
        const der = await this.#get(url);
        const crl = parseCrl(der);
        if (!crl.issuerDer.equals(issuer.subjectDer)) continue;
        this.#remember(crlKey, { crl: der }, crl.nextUpdate, now);
        return { crl: der };
      } catch {
        // try the next source
      }
    }
    return undefined;
  }

  /** Entries and bytes held (for tests and metrics). */
  stats(): { entries: number; bytes: number } {
    let bytes = 0;
    for (const e of this.#cache.values()) bytes += e.bytes;
    return { entries: this.#cache.size, bytes };
  }
}

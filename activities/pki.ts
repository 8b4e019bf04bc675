/**
 * The deployment's PKI state in MongoDB: created once for development (root and issuing CAs for
 * officials, seals and citizens, CA keys encrypted under the KEK), read by everything that issues
 * certificates or verifies documents.
 */
import {
  authorityCertificatesPem,
  createDevelopmentPki,
  DeploymentOcspResponder,
  ensureTrustServices,
  issueCrl,
  LocalTimestampAuthority,
  rootsPem,
  unlockWithKek,
  type AuthorityPurpose,
  type PkiState,
  type RevocationSource,
  type Timestamper,
} from '../signing';
import { PkiModel, PKI_ID, type PkiDoc } from '../models/signing';
import { ReadCache } from '../runtime/read-cache';
import { RevocationFetcher } from './revocation';
import { HttpTimestamper } from './tsa-client';
import { isDuplicateKey } from '../models/db';

/**
 * How old the PKI document read for signing and verifying may be. Every document activity and
 * every submission needs it (trust anchors, the TSA, the OCSP responder for the deployment's CAs),
 * about 20 reads per case: it was the costliest query of a case (67–87 ms each under load). A
 * change saved by this process is seen at once; one saved by another process (a revocation in
 * the API, a CRL) within this time, which is far inside an OCSP answer's own validity.
 */
export const PKI_COPY_TTL_MS = 1_000;

const pkiCopies = new ReadCache<PkiDoc | null>(PKI_COPY_TTL_MS, 1);

/** The PKI document at most {@link PKI_COPY_TTL_MS} old; reads in flight share one query. */
function recentPkiDoc(): Promise<PkiDoc | null> {
  return pkiCopies.get(PKI_ID, () => PkiModel.findById(PKI_ID).lean<PkiDoc>().exec());
}

/** Drops this process's copy (after creating or replacing the PKI document). */
export function forgetPkiCopy(): void {
  pkiCopies.clear();
}

/** The PKI state (a copy at most {@link PKI_COPY_TTL_MS} old), null before the seed. */
export async function loadPki(): Promise<PkiState | null> {
  const doc = await recentPkiDoc();
  return doc ? (doc.state as unknown as PkiState) : null;
}

/** `https://host/api/pki/crl` (what the seed passes) or `https://host` → the public base URL. */
function baseUrlOf(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/pki\/crl$/, '');
}

/**
 * The PKI, created on first use in development. Two processes racing create it once. Its
 * certificates carry CRL distribution points and OCSP/CA-issuer URLs under the public base URL
 * (given as such, or as the CRL base `<base>/api/pki/crl`). A PKI created before the TSA and the
 * OCSP responders existed gets them here, once.
 */
export async function ensureDevelopmentPki(kek: Buffer, publicBaseUrl?: string): Promise<PkiState> {
  const base = publicBaseUrl ? baseUrlOf(publicBaseUrl) : undefined;
  const doc = await PkiModel.findById(PKI_ID).lean();
  if (doc) {
    const current = doc.state as unknown as PkiState;
    const upgraded = await ensureTrustServices(current, kek, base ? { publicBaseUrl: base } : {});
    if (!upgraded.changed) return current;
    if (await savePki(upgraded.state, doc.revision)) return upgraded.state;
    return (await loadPki()) as PkiState;
  }
  const state = await createDevelopmentPki({ kek, ...(base ? { publicBaseUrl: base } : {}) });
  try {
    await PkiModel.create({
      _id: PKI_ID,
      state: state as unknown as Record<string, unknown>,
      revision: 1,
    });
    forgetPkiCopy();
    return state;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await loadPki()) as PkiState;
  }
}

/** Saves a changed state (a revocation, a CRL) unless someone else changed it meanwhile. */
export async function savePki(state: PkiState, revision: number): Promise<boolean> {
  const res = await PkiModel.updateOne(
    { _id: PKI_ID, revision },
    { $set: { state: state as unknown as Record<string, unknown> }, $inc: { revision: 1 } },
  );
  forgetPkiCopy();
  return res.modifiedCount === 1;
}

/** The root certificates every document of this deployment chains to, as one PEM bundle. */
export async function trustAnchors(): Promise<string> {
  const state = await loadPki();
  if (!state) throw new Error('The PKI has not been set up (run the seed).');
  return rootsPem(state);
}

/** A CRL is reissued at most this often (each is valid for a week, the signing/ default). */
export const CRL_REISSUE_MS = 10 * 60_000;

/** Keyed by the CA's certificate: one process may serve (in tests) more than one PKI. */
const crlCache = new Map<string, { der: Buffer; at: number; revoked: number }>();

/**
 * The CRLs of some CAs of a loaded PKI document, from the cache while fresh and unchanged; the
 * ones reissued advance their CRL numbers in one save (a lost race is harmless).
 */
async function crlsOf(
  doc: { state: unknown; revision: number },
  purposes: readonly AuthorityPurpose[],
  kek: Buffer,
  now: number,
): Promise<Buffer[]> {
  let state = doc.state as PkiState;
  let changed = false;
  const out: Buffer[] = [];
  for (const purpose of purposes) {
    const ca = state.authorities.find((a) => a.purpose === purpose);
    if (!ca) continue;
    const cached = crlCache.get(ca.certificatePem);
    if (cached && cached.revoked === ca.revoked.length && now - cached.at <= CRL_REISSUE_MS) {
      out.push(cached.der);
      continue;
    }
    const issued = issueCrl(state, kek, purpose, { now: new Date(now) });
    state = issued.state;
    changed = true;
    crlCache.set(ca.certificatePem, { der: issued.crl.der, at: now, revoked: ca.revoked.length });
    out.push(issued.crl.der);
  }
  if (changed) await savePki(state, doc.revision);
  return out;
}

/**
 * The current CRL of one of the deployment's CAs (DER), or null when the deployment does not hold
 * that CA (an imported PKI). Reissued at most every {@link CRL_REISSUE_MS}, and at once after a
 * revocation by any process (revocations only append to the CA's list).
 */
export async function currentCrl(
  purpose: AuthorityPurpose,
  kek: Buffer,
  now = Date.now(),
): Promise<Buffer | null> {
  const doc = await PkiModel.findById(PKI_ID).lean();
  return doc ? ((await crlsOf(doc, [purpose], kek, now))[0] ?? null) : null;
}

/** Everything a verifier of this deployment's documents needs: roots, issuing CAs, current CRLs. */
export async function verificationMaterial(kek: Buffer): Promise<{
  trustAnchorsPem: string;
  extraCertificatesPem: string[];
  crls: Buffer[];
} | null> {
  const doc = await recentPkiDoc();
  if (!doc) return null;
  const state = doc.state as unknown as PkiState;
  const purposes = state.authorities.map((a) => a.purpose);
  const crls = await crlsOf(doc, purposes, kek, Date.now());
  return {
    trustAnchorsPem: rootsPem(state),
    extraCertificatesPem: authorityCertificatesPem(state),
    crls,
  };
}

/** What the document activities need to time-stamp and to embed validation data. */
export interface TrustServices {
  readonly timestamper: Timestamper;
  readonly revocation: RevocationSource;
  /**
   * The deployment's CA certificates and trust anchors (PEM), for chains the CMS does not carry:
   * a licensed TSA's token often carries its own certificate only.
   */
  readonly extraCertificatesPem: readonly string[];
}

const fetcher = new RevocationFetcher();
let servicesCache: { key: string; services: TrustServices } | undefined;

/**
 * The time-stamping authority (TSA_URL when set, else the deployment's own TSA) and the source of
 * revocation data (the deployment's OCSP responder in-process for its own CAs, the cached fetcher
 * for imported certificates). Kept per PKI revision: keys are unlocked once.
 */
export async function trustServices(
  kek: Buffer,
  tsa: { url: string | null },
): Promise<TrustServices> {
  const doc = await recentPkiDoc();
  if (!doc) throw new Error('The PKI has not been set up (run the seed).');
  const key = `${String(doc.revision)}:${tsa.url ?? ''}`;
  if (servicesCache?.key === key) return servicesCache.services;
  const state = doc.state as unknown as PkiState;
  let timestamper: Timestamper;
  if (tsa.url) timestamper = new HttpTimestamper(tsa.url);
  else if (state.tsa) {
    const unlocked = unlockWithKek(state.tsa.key, kek);
    timestamper = new LocalTimestampAuthority(
      unlocked._keyObject(),
      state.tsa.certificatePem,
      state.tsa.chainPems,
    );
  } else {
    throw new Error('No time-stamping authority: set TSA_URL (a licensed TSA).');
  }
  const responder = new DeploymentOcspResponder(state, kek);
  const revocation: RevocationSource = async (cert, issuer) => {
    const own = responder.responseFor(cert, issuer);
    return own ? { ocsp: own } : fetcher.answer(cert, issuer);
  };
  const services = {
    timestamper,
    revocation,
    extraCertificatesPem: [...authorityCertificatesPem(state), ...state.trustAnchorsPem],
  };
  servicesCache = { key, services };
  return services;
}

let responderCache: { revision: number; responder: DeploymentOcspResponder } | undefined;

/** The OCSP responder of the stored PKI (for `POST /api/pki/ocsp`), null without a PKI. */
export async function ocspResponder(kek: Buffer): Promise<DeploymentOcspResponder | null> {
  const doc = await PkiModel.findById(PKI_ID).lean();
  if (!doc) return null;
  if (responderCache?.revision !== doc.revision) {
    responderCache = {
      revision: doc.revision,
      responder: new DeploymentOcspResponder(doc.state as unknown as PkiState, kek),
    };
  }
  return responderCache.responder;
}

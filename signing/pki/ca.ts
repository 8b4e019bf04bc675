/**
 * The deployment's certification authorities: a development hierarchy (root → issuing CAs for
 * officials, organisation seals and applicants), issuance, revocation and CRLs.
 *
 * Everything is a plain JSON-able {@link PkiState}; CA private keys are KEK-protected key
 * records (see keystore). Functions never mutate their input: they return a new state that the
 * caller persists.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { SigningError } from '../errors';
import { type EncryptedKeyRecord, protectPrivateKey, unlockWithKek } from '../keystore';
import {
  type CertificateInfo,
  type CertificateTemplate,
  type Extension,
  buildCertificate,
  extensions,
  isIssuedBy,
  parseCertificate,
  pemBlocks,
  toPem,
} from './certificates';
import { type Crl, type RevocationReason, type RevokedEntry, buildCrl } from './crl';
import { type KeyAlgorithm, generateKeyPair, keyAlgorithmOf } from './keys';
import { OID } from '../asn1/oids';
import {
  type ApplicantSubject,
  type OfficialSubject,
  type SealSubject,
  applicantName,
  buildName,
  officialName,
  sealName,
} from './names';

/** What a CA of this deployment certifies. */
export type AuthorityPurpose = 'ROOT' | 'OFFICIALS' | 'SEALS' | 'CITIZENS';

/** A key and certificate of a service of the deployment: its TSA, an OCSP responder. */
export interface ServiceIdentity {
  readonly certificatePem: string;
  /** Issuing CA first, root last. */
  readonly chainPems: readonly string[];
  /** KEK-protected private key. */
  readonly key: EncryptedKeyRecord;
}

/** A CA held by this deployment. */
export interface CertificationAuthority {
  readonly purpose: AuthorityPurpose;
  readonly certificatePem: string;
  /** KEK-protected private key. */
  readonly key: EncryptedKeyRecord;
  /** URL written into the CRL distribution point of certificates it issues (optional). */
  readonly crlUrl?: string;
  /** OCSP responder URL written into the AIA of certificates it issues (optional). */
  readonly ocspUrl?: string;
  /** Where this CA's own certificate is published (AIA caIssuers of what it issues). */
  readonly caIssuersUrl?: string;
  /** Delegated OCSP responder (id-kp-OCSPSigning, ocsp-nocheck) issued by this CA. */
  readonly responder?: ServiceIdentity;
  /** Number of the last CRL issued. */
  readonly crlNumber: number;
  readonly revoked: readonly RevokedEntry[];
}

/** The PKI of a deployment, JSON-serialisable. */
export interface PkiState {
  readonly format: 'motcua-pki/v1';
  /** CAs whose keys this deployment holds (empty in production with imported certificates). */
  readonly authorities: readonly CertificationAuthority[];
  /** Root certificates that documents of this deployment chain to (PEM, one per entry). */
  readonly trustAnchorsPem: readonly string[];
  /** The deployment's own time-stamping authority (development), under the root. */
  readonly tsa?: ServiceIdentity;
  readonly createdAt: string;
}

const DAY = 86_400_000;

/** The URLs of a deployment's trust services under its public base URL. */
export function trustServiceUrls(publicBaseUrl: string): {
  crlBaseUrl: string;
  ocspUrl: string;
  caIssuersBaseUrl: string;
} {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    crlBaseUrl: `${base}/api/pki/crl`,
    ocspUrl: `${base}/api/pki/ocsp`,
    caIssuersBaseUrl: `${base}/api/pki/ca`,
  };
}

/** CRL distribution point and AIA of a certificate issued by `ca`. */
function revocationExtensions(ca: CertificationAuthority): Extension[] {
  const exts: Extension[] = [];
  if (ca.crlUrl) exts.push(extensions.crlDistributionPoint(ca.crlUrl));
  if (ca.ocspUrl || ca.caIssuersUrl) {
    exts.push(
      extensions.authorityInfoAccess({
        ...(ca.ocspUrl ? { ocsp: ca.ocspUrl } : {}),
        ...(ca.caIssuersUrl ? { caIssuers: ca.caIssuersUrl } : {}),
      }),
    );
  }
  return exts;
}

function urlsFor(
  options: CreatePkiOptions,
  purpose: AuthorityPurpose,
): Pick<CertificationAuthority, 'crlUrl' | 'ocspUrl' | 'caIssuersUrl'> {
  const services = options.publicBaseUrl ? trustServiceUrls(options.publicBaseUrl) : undefined;
  const crlBase = options.crlBaseUrl ?? services?.crlBaseUrl;
  const name = purpose.toLowerCase();
  return {
    ...(crlBase ? { crlUrl: `${crlBase}/${name}.crl` } : {}),
    ...(services
      ? { ocspUrl: services.ocspUrl, caIssuersUrl: `${services.caIssuersBaseUrl}/${name}.cer` }
      : {}),
  };
}

/** Options of {@link createDevelopmentPki}. */
export interface CreatePkiOptions {
  readonly kek: Buffer;
  /** Name shown in the CA subjects. */
  readonly organization?: string;
  readonly now?: Date;
  /** Base URL where CRLs are published, e.g. `http://localhost:3000/api/pki/crl`. */
  readonly crlBaseUrl?: string;
  /**
   * The deployment's public base URL: certificates then carry CRL distribution points, OCSP and
   * CA-issuer URLs under it ({@link trustServiceUrls}).
   */
  readonly publicBaseUrl?: string;
  /** Lifetime of the TSA's certificate in days (default 10 years, at most the root's). */
  readonly tsaValidityDays?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
}

const ISSUING: ReadonlyArray<{ purpose: Exclude<AuthorityPurpose, 'ROOT'>; cn: string }> = [
  { purpose: 'OFFICIALS', cn: 'CA ký số cán bộ, công chức' },
  { purpose: 'SEALS', cn: 'CA ký số cơ quan, tổ chức' },
  { purpose: 'CITIZENS', cn: 'CA ký số người dân' },
];

/** Creates the development hierarchy: a root and three issuing CAs. */
export async function createDevelopmentPki(options: CreatePkiOptions): Promise<PkiState> {
  const now = options.now ?? new Date();
  const org = options.organization ?? 'Hệ thống Một cửa điện tử (phát triển)';
  const notBefore = new Date(now.getTime() - 3600_000);
  const rootKeys = await generateKeyPair(options.keyAlgorithm ?? 'RSA-2048');
  const rootSubject = buildName([
    { type: 'C', value: 'VN' },
    { type: 'O', value: org },
    { type: 'CN', value: 'Root CA một cửa điện tử (phát triển)' },
  ]);
  const rootDer = buildCertificate(
    {
      subject: rootSubject,
      notBefore,
      notAfter: new Date(now.getTime() + 20 * 365 * DAY),
      publicKey: rootKeys.publicKey,
      extensions: [
        extensions.basicConstraints(true, 1),
        extensions.keyUsage({ keyCertSign: true, cRLSign: true }),
        extensions.subjectKeyIdentifier(rootKeys.publicKey),
      ],
    },
    rootKeys.privateKey,
  );
  const root = parseCertificate(rootDer);
  const authorities: CertificationAuthority[] = [
    {
      purpose: 'ROOT',
      certificatePem: root.pem,
      key: protectPrivateKey(rootKeys.privateKey, {
        keyId: `ca:root:${root.serialNumber}`,
        kek: options.kek,
        now,
      }),
      crlNumber: 0,
      revoked: [],
      ...urlsFor(options, 'ROOT'),
    },
  ];
  for (const { purpose, cn } of ISSUING) {
    const keys = await generateKeyPair(options.keyAlgorithm ?? 'RSA-2048');
    const exts: Extension[] = [
      extensions.basicConstraints(true, 0),
      extensions.keyUsage({ keyCertSign: true, cRLSign: true }),
      extensions.subjectKeyIdentifier(keys.publicKey),
      extensions.authorityKeyIdentifier(rootKeys.publicKey),
      ...revocationExtensions(authorities[0] as CertificationAuthority),
    ];
    const der = buildCertificate(
      {
        issuerDer: root.subjectDer,
        subject: buildName([
          { type: 'C', value: 'VN' },
          { type: 'O', value: org },
          { type: 'CN', value: cn },
        ]),
        notBefore,
        notAfter: new Date(now.getTime() + 10 * 365 * DAY),
        publicKey: keys.publicKey,
        extensions: exts,
      },
      rootKeys.privateKey,
    );
    const cert = parseCertificate(der);
    authorities.push({
      purpose,
      certificatePem: cert.pem,
      key: protectPrivateKey(keys.privateKey, {
        keyId: `ca:${purpose.toLowerCase()}:${cert.serialNumber}`,
        kek: options.kek,
        now,
      }),
      crlNumber: 0,
      revoked: [],
      ...urlsFor(options, purpose),
    });
  }
  const state: PkiState = {
    format: 'motcua-pki/v1',
    authorities,
    trustAnchorsPem: [root.pem],
    createdAt: now.toISOString(),
  };
  return (await ensureTrustServices(state, options.kek, options)).state;
}

/** Issues a service certificate (TSA or OCSP responder) from `ca` for a new key. */
async function issueServiceIdentity(
  state: PkiState,
  ca: CertificationAuthority,
  kek: Buffer,
  kind: 'TSA' | 'OCSP',
  options: {
    now?: Date;
    validityDays?: number;
    keyAlgorithm?: KeyAlgorithm;
    organization?: string;
  },
): Promise<ServiceIdentity> {
  const now = options.now ?? new Date();
  const caCert = parseCertificate(ca.certificatePem);
  const keys = await generateKeyPair(options.keyAlgorithm ?? 'RSA-2048');
  const org = caCert.subject.organization ?? 'Hệ thống Một cửa điện tử';
  const cn =
    kind === 'TSA'
      ? 'Dịch vụ cấp dấu thời gian (phát triển)'
      : `OCSP — ${caCert.subject.commonName ?? ca.purpose}`;
  const exts: Extension[] = [
    extensions.basicConstraints(false),
    extensions.keyUsage({ digitalSignature: true, nonRepudiation: kind === 'TSA' }),
    extensions.subjectKeyIdentifier(keys.publicKey),
    extensions.authorityKeyIdentifier(caCert.publicKey),
    kind === 'TSA'
      ? extensions.extKeyUsage([OID.kpTimeStamping], true)
      : extensions.extKeyUsage([OID.kpOcspSigning], false),
    ...(kind === 'OCSP' ? [extensions.ocspNoCheck()] : []),
    ...revocationExtensions(ca),
  ];
  const days = options.validityDays ?? 10 * 365;
  const cert = signedBy(ca, caCert, kek, now, {
    subject: buildName([
      { type: 'C', value: 'VN' },
      { type: 'O', value: org },
      { type: 'CN', value: cn },
    ]),
    notAfter: new Date(Math.min(now.getTime() + days * DAY, caCert.notAfter.getTime())),
    publicKey: keys.publicKey,
    extensions: exts,
  });
  return {
    certificatePem: cert.pem,
    chainPems: chainOf(state, ca),
    key: protectPrivateKey(keys.privateKey, {
      keyId: `${kind.toLowerCase()}:${ca.purpose.toLowerCase()}:${cert.serialNumber}`,
      kek,
      now,
    }),
  };
}

/**
 * The certificate `ca` issues from `template`, valid from an hour before `now` (clocks that run
 * behind); the CA's key is unlocked for the signature only.
 */
function signedBy(
  ca: CertificationAuthority,
  caCert: CertificateInfo,
  kek: Buffer,
  now: Date,
  template: Omit<CertificateTemplate, 'issuerDer' | 'notBefore' | 'serialNumber'>,
): CertificateInfo {
  const caKey = unlockWithKek(ca.key, kek);
  try {
    const der = buildCertificate(
      {
        issuerDer: caCert.subjectDer,
        notBefore: new Date(now.getTime() - 3600_000),
        ...template,
      },
      caKey._keyObject(),
    );
    return parseCertificate(der);
  } finally {
    caKey.dispose();
  }
}

/**
 * Gives a development PKI what PAdES B-T/B-LT need: a TSA under the root and a delegated OCSP
 * responder per CA, and fills in the trust-service URLs of CAs created before they existed.
 * Returns `changed: false` (and the same state) when nothing was missing.
 */
export async function ensureTrustServices(
  state: PkiState,
  kek: Buffer,
  options: { now?: Date; publicBaseUrl?: string; tsaValidityDays?: number } = {},
): Promise<{ state: PkiState; changed: boolean }> {
  const root = state.authorities.find((a) => a.purpose === 'ROOT');
  if (!root) return { state, changed: false };
  let changed = false;
  let current = state;
  const authorities: CertificationAuthority[] = [];
  for (const ca of state.authorities) {
    let next = ca;
    if (options.publicBaseUrl && !ca.ocspUrl) {
      next = { ...next, ...urlsFor({ kek, publicBaseUrl: options.publicBaseUrl }, ca.purpose) };
      changed = true;
    }
    if (!next.responder) {
      next = {
        ...next,
        responder: await issueServiceIdentity(current, next, kek, 'OCSP', options),
      };
      changed = true;
    }
    authorities.push(next);
  }
  current = { ...current, authorities };
  if (!current.tsa) {
    const rootNow = authorities.find((a) => a.purpose === 'ROOT') as CertificationAuthority;
    current = {
      ...current,
      tsa: await issueServiceIdentity(current, rootNow, kek, 'TSA', {
        ...options,
        ...(options.tsaValidityDays ? { validityDays: options.tsaValidityDays } : {}),
      }),
    };
    changed = true;
  }
  return { state: changed ? current : state, changed };
}

/** Replaces the deployment's TSA certificate and key (when the old one nears its end). */
export async function renewTsa(
  state: PkiState,
  kek: Buffer,
  options: { now?: Date; validityDays?: number } = {},
): Promise<PkiState> {
  const root = authority(state, 'ROOT');
  return { ...state, tsa: await issueServiceIdentity(state, root, kek, 'TSA', options) };
}

/** A PKI with imported trust anchors only (production: certificates come from a licensed CA). */
export function createImportedPki(trustAnchorsPem: readonly string[], now = new Date()): PkiState {
  return {
    format: 'motcua-pki/v1',
    authorities: [],
    trustAnchorsPem: [...trustAnchorsPem],
    createdAt: now.toISOString(),
  };
}

/** Adds trust anchors (deduplicated). */
export function addTrustAnchors(state: PkiState, pems: readonly string[]): PkiState {
  const known = new Set(
    state.trustAnchorsPem.map((p) => parseCertificate(p).sha256.toString('hex')),
  );
  const extra: string[] = [];
  for (const pem of pems) {
    const c = parseCertificate(pem);
    const fp = c.sha256.toString('hex');
    if (!known.has(fp)) {
      known.add(fp);
      extra.push(c.pem);
    }
  }
  return { ...state, trustAnchorsPem: [...state.trustAnchorsPem, ...extra] };
}

/** The trust anchors as one PEM text (served as `GET /api/pki/roots`). */
export function rootsPem(state: PkiState): string {
  return state.trustAnchorsPem.join('');
}

/** The certificate PEMs of the deployment's CAs (intermediates useful to verifiers). */
export function authorityCertificatesPem(state: PkiState): string[] {
  return state.authorities.map((a) => a.certificatePem);
}

function authority(state: PkiState, purpose: AuthorityPurpose): CertificationAuthority {
  const ca = state.authorities.find((a) => a.purpose === purpose);
  if (!ca) throw new SigningError('CA_NOT_FOUND', `this deployment holds no ${purpose} CA`);
  return ca;
}

/** The chain above an issuing CA: [issuing CA, ..., root]. */
function chainOf(state: PkiState, ca: CertificationAuthority): string[] {
  const chain = [ca.certificatePem];
  let current = parseCertificate(ca.certificatePem);
  for (let i = 0; i < 5 && !current.issuerDer.equals(current.subjectDer); i++) {
    const parent = state.authorities
      .map((a) => parseCertificate(a.certificatePem))
      .find((c) => isIssuedBy(current, c));
    if (!parent) break;
    chain.push(parent.pem);
    current = parent;
  }
  return chain;
}

/** A certificate request for one of the three end-entity profiles. */
export type IssueRequest = {
  /** SPKI PEM or a public KeyObject (RSA >= 2048 or EC P-256). */
  readonly publicKey: KeyObject | string;
  readonly validityDays?: number;
  readonly now?: Date;
} & (
  | { readonly profile: 'OFFICIAL'; readonly subject: OfficialSubject }
  | { readonly profile: 'SEAL'; readonly subject: SealSubject }
  | { readonly profile: 'APPLICANT'; readonly subject: ApplicantSubject }
);

/** An issued certificate with its chain (issuing CA first, root last). */
export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly chainPems: string[];
  readonly serialNumber: string;
}

const PURPOSE_BY_PROFILE = { OFFICIAL: 'OFFICIALS', SEAL: 'SEALS', APPLICANT: 'CITIZENS' } as const;

/**
 * Issues an end-entity signing certificate (key usage digitalSignature + nonRepudiation) from
 * the issuing CA of the profile.
 */
export function issueCertificate(
  state: PkiState,
  kek: Buffer,
  request: IssueRequest,
): IssuedCertificate {
  const ca = authority(state, PURPOSE_BY_PROFILE[request.profile]);
  const caCert = parseCertificate(ca.certificatePem);
  let publicKey: KeyObject;
  try {
    publicKey =
      typeof request.publicKey === 'string'
        ? crypto.createPublicKey(request.publicKey)
        : request.publicKey;
  } catch {
    throw new SigningError('UNSUPPORTED_KEY', 'the public key cannot be read (expected SPKI PEM)');
  }
  if (publicKey.type !== 'public') publicKey = crypto.createPublicKey(publicKey);
  keyAlgorithmOf(publicKey);
  let subjectAttributes;
  try {
    subjectAttributes =
      request.profile === 'OFFICIAL'
        ? officialName(request.subject)
        : request.profile === 'SEAL'
          ? sealName(request.subject)
          : applicantName(request.subject);
  } catch (err) {
    throw new SigningError('INVALID_ARGUMENT', err instanceof Error ? err.message : 'bad subject');
  }
  const now = request.now ?? new Date();
  const notAfter = new Date(
    Math.min(now.getTime() + (request.validityDays ?? 3 * 365) * DAY, caCert.notAfter.getTime()),
  );
  const exts: Extension[] = [
    extensions.basicConstraints(false),
    extensions.keyUsage({ digitalSignature: true, nonRepudiation: true }),
    extensions.subjectKeyIdentifier(publicKey),
    extensions.authorityKeyIdentifier(caCert.publicKey),
    ...revocationExtensions(ca),
  ];
  const cert = signedBy(ca, caCert, kek, now, {
    subject: buildName(subjectAttributes),
    notAfter,
    publicKey,
    extensions: exts,
  });
  return {
    certificatePem: cert.pem,
    chainPems: chainOf(state, ca),
    serialNumber: cert.serialNumber,
  };
}

/**
 * Generates a key pair, issues its certificate and encrypts the private key: what an
 * administrator does to enrol an official (with `pin`) or an organisation seal (no PIN).
 */
export async function enrollSigner(
  state: PkiState,
  kek: Buffer,
  request: Omit<IssueRequest, 'publicKey'> & {
    readonly pin?: string;
    readonly keyAlgorithm?: KeyAlgorithm;
    readonly keyId?: string;
  },
): Promise<IssuedCertificate & { keyRecord: EncryptedKeyRecord }> {
  const keys = await generateKeyPair(request.keyAlgorithm ?? 'RSA-2048');
  const issued = issueCertificate(state, kek, {
    ...request,
    publicKey: keys.publicKey,
  } as IssueRequest);
  const keyRecord = protectPrivateKey(keys.privateKey, {
    keyId: request.keyId ?? `${request.profile.toLowerCase()}:${issued.serialNumber}`,
    kek,
    ...(request.pin !== undefined ? { pin: request.pin } : {}),
    ...(request.now ? { now: request.now } : {}),
  });
  return { ...issued, keyRecord };
}

/** Marks a certificate issued by one of our CAs as revoked (returns the new state). */
export function revokeCertificate(
  state: PkiState,
  certificatePem: string,
  options: { reason?: RevocationReason; at?: Date } = {},
): PkiState {
  const cert = parseCertificate(certificatePem);
  const index = state.authorities.findIndex((a) =>
    isIssuedBy(cert, parseCertificate(a.certificatePem)),
  );
  const ca = state.authorities[index];
  if (!ca)
    throw new SigningError(
      'CA_NOT_FOUND',
      'the certificate was not issued by a CA of this deployment',
    );
  if (ca.revoked.some((r) => r.serialNumber === cert.serialNumber)) return state;
  const entry: RevokedEntry = {
    serialNumber: cert.serialNumber,
    revokedAt: (options.at ?? new Date()).toISOString(),
    reason: options.reason ?? 'unspecified',
  };
  const authorities = state.authorities.map((a, i) =>
    i === index ? { ...a, revoked: [...a.revoked, entry] } : a,
  );
  return { ...state, authorities };
}

/** Issues the next CRL of one CA; returns the CRL and the state with the CRL number advanced. */
export function issueCrl(
  state: PkiState,
  kek: Buffer,
  purpose: AuthorityPurpose,
  options: { now?: Date; validityHours?: number } = {},
): { crl: Crl; state: PkiState } {
  const ca = authority(state, purpose);
  const now = options.now ?? new Date();
  const key = unlockWithKek(ca.key, kek);
  try {
    const crl = buildCrl({
      issuer: parseCertificate(ca.certificatePem),
      issuerKey: key._keyObject(),
      revoked: ca.revoked,
      crlNumber: ca.crlNumber + 1,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + (options.validityHours ?? 7 * 24) * 3600_000),
    });
    const authorities = state.authorities.map((a) =>
      a.purpose === purpose ? { ...a, crlNumber: a.crlNumber + 1 } : a,
    );
    return { crl, state: { ...state, authorities } };
  } finally {
    key.dispose();
  }
}

/** CRLs of every CA held by the deployment. */
export function issueAllCrls(
  state: PkiState,
  kek: Buffer,
  options: { now?: Date; validityHours?: number } = {},
): { crls: Crl[]; state: PkiState } {
  let current = state;
  const crls: Crl[] = [];
  for (const a of state.authorities) {
    const r = issueCrl(current, kek, a.purpose, options);
    crls.push(r.crl);
    current = r.state;
  }
  return { crls, state: current };
}

/** Parses and checks PEM trust anchors (CA certificates). */
export function parseTrustAnchors(pemText: string): string[] {
  const blocks = pemBlocks(pemText);
  if (blocks.length === 0)
    throw new SigningError('INVALID_CERTIFICATE', 'no certificate in the trust anchor file');
  return blocks.map((der) => {
    const c = parseCertificate(der);
    if (c.basicConstraints?.ca !== true) {
      throw new SigningError(
        'INVALID_CERTIFICATE',
        `trust anchor "${c.subject.text}" is not a CA certificate`,
      );
    }
    return toPem(c.der);
  });
}

/**
 * Public API of the signing library: PKI, keystore, PAdES signing (one call or two steps) and
 * verification. Other modules import from here only. No Temporal, no express, no database.
 */

// Errors
export { SigningError, isSigningError, type SigningErrorCode } from './errors';

// PKI
export {
  type AuthorityPurpose,
  type CertificationAuthority,
  type CreatePkiOptions,
  type IssueRequest,
  type IssuedCertificate,
  type PkiState,
  type ServiceIdentity,
  addTrustAnchors,
  ensureTrustServices,
  renewTsa,
  trustServiceUrls,
  authorityCertificatesPem,
  createDevelopmentPki,
  createImportedPki,
  enrollSigner,
  issueAllCrls,
  issueCertificate,
  issueCrl,
  parseTrustAnchors,
  revokeCertificate,
  rootsPem,
} from './pki/ca';
export { type CertificateInfo, type KeyUsage, parseCertificate } from './pki/certificates';
export { type Crl, type CrlInfo, type RevocationReason, parseCrl } from './pki/crl';
export {
  type CertId,
  type OcspCheck,
  type OcspResponseInfo,
  buildOcspRequest,
  certIdOf,
  checkOcspResponse,
  parseOcspRequest,
  parseOcspResponse,
} from './pki/ocsp';
export { DeploymentOcspResponder } from './pki/responder';
export { type KeyAlgorithm, generateKeyPair } from './pki/keys';
export type { ApplicantSubject, NameInfo, OfficialSubject, SealSubject } from './pki/names';
export { type Pkcs12Identity, exportPkcs12, importPkcs12 } from './pki/pkcs12';
export { loadOrCreatePki, loadPkiState, savePkiState } from './pki/store';

// Keystore
export {
  type EncryptedKeyRecord,
  type KeystoreLogger,
  MAX_PIN_ATTEMPTS,
  PinError,
  type UnlockResult,
  UnlockedKey,
  changePin,
  generateKek,
  openWithPin,
  parseKek,
  protectPrivateKey,
  resetLockout,
  unlockKey,
  unlockKeyOrThrow,
  unlockWithKek,
} from './keystore';

// Time-stamps (RFC 3161)
export { LocalTimestampAuthority, type Timestamper } from './tsa/authority';
export {
  buildTimestampRequest,
  parseTimestampRequest,
  randomNonce,
  readTimestampResponse,
} from './tsa/protocol';
export { type TimestampCheck, checkTimestampToken } from './tsa/token';

// Long-term validation (B-LT, B-LTA)
export {
  type ArchiveOptions,
  type ArchiveStatus,
  type RevocationAnswer,
  type RevocationSource,
  type ValidationDataOptions,
  addArchiveTimestamp,
  addValidationData,
  archiveStatus,
  signatureContainers,
} from './ltv/long-term';
export { addDocumentTimestamp } from './ltv/doc-timestamp';
export { inspectSignatureImage } from './pdf/signature-image';
export { type ValidationData, appendDss } from './ltv/dss';

// Signing
export {
  type SignatureItem,
  type SignatureProgress,
  type SignatureRequestOptions,
  type SignatureTicket,
  type Signer,
  signatureItem,
  signNow,
} from './signer';
export { LocalKeySigner } from './signers/local-key';
export { signerFromPkcs12 } from './signers/pkcs12';
export {
  EXTERNAL_TTL_MS,
  ExternalSigner,
  type ExternalTicket,
  type InboxEntry,
  type SignatureInbox,
  checkClientSignatures,
} from './signers/external';
export {
  type CscAuth,
  type CscClientOptions,
  type CscCredential,
  type CscVersion,
  CscClient,
  CscServiceError,
} from './signers/csc-client';
export {
  CSC_PENDING_TTL_MS,
  CscSigner,
  type CscSignerOptions,
  type CscTicket,
} from './signers/csc';
export { OAuth2Client, type OAuth2Config, type OAuth2Token } from './signers/oauth2';
export {
  type FieldPlacement,
  type PrepareOptions,
  type PreparedSignature,
  type SigningState,
  type CompleteOptions,
  completeSignature,
  prepareSignature,
  signPdf,
} from './pades';
export { type AppearanceOptions, defaultAppearanceLines } from './pdf/appearance';
export { toPdfDate, toVietnameseDisplay } from './pdf/date';
export { looksLikePdf } from './pdf/load';
export {
  PDF_LIMITS,
  PdfLimitError,
  checkPdfLimits,
  type PdfLimit,
  type PdfLimits,
} from './pdf/limits';
export { checkPdfLimitsIsolated, closeVerifyPool, verifyPdfIsolated } from './verify/isolated';

// Verification
export {
  type SignatureReport,
  type VerificationReport,
  type VerifyOptions,
  verifyPdf,
} from './verify/report';
export { type ChainResult, validateChain } from './verify/chain';

// Files (CLI tools)
export { produceFile, writeFileAtomic } from './fs';

import { completeSignature, prepareSignature, signPdf } from './pades';
/** The three signing steps under the names of the design notes: `pades.prepare/complete/sign`. */
export const pades = {
  prepare: prepareSignature,
  complete: completeSignature,
  sign: signPdf,
} as const;

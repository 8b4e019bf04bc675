/**
 * What the application services take and give: the dependencies a route hands them and the
 * request and response shapes of API.md ("Applicants").
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../../runtime/config';

/** The steps of a submission, in order (observable through `ApplicationDeps.onStep`). */
export type SubmissionStep =
  'code-allocated' | 'documents-stored' | 'case-created' | 'workflow-started' | 'completed';

export interface ApplicationDeps {
  config: Config;
  /** Temporal client (namespace from the configuration); only the submission uses it. */
  client: Client;
  /** The clock; default `new Date()`. */
  now?: () => Date;
  /** Time limit of each Temporal call, connecting included (default 10 s); then 503. */
  temporalTimeoutMs?: number;
  /**
   * Whether a case worker is alive (the API's check): without one a submission is refused with
   * 503 before anything is written, instead of starting a case nobody opens.
   */
  workerAvailable?: () => Promise<boolean>;
  /**
   * Called after each step of a submission (monitoring; tests use it to stop a submission at a
   * chosen step, as a crash would, or to make the next step fail).
   */
  onStep?: (step: SubmissionStep, at: { applicationId: string; code: string }) => unknown;
}

/** What `prepareApplication` and the certificate service need. */
export type ApplicationServiceDeps = Pick<ApplicationDeps, 'config' | 'now'>;

export interface ApplicantInput {
  fullName: string;
  /** 12-digit citizen identity number. */
  idNumber: string;
  phone: string;
  email?: string;
  address: string;
}

/** `POST /api/applications/prepare` body. Strings may come in any Unicode normalisation. */
export interface PrepareApplicationInput {
  procedureCode: string;
  wardCode: string;
  applicant: ApplicantInput;
  form: Record<string, unknown>;
  /** Codes of the procedure's required documents the applicant will attach. */
  attachedDocumentCodes?: string[];
  /** The applicant's certificate (PEM); intermediate CA certificates may follow it. */
  signerCertificatePem: string;
}

export interface PreparedApplication {
  /** Random, URL-safe. */
  applicationId: string;
  /** Base64 of the DER signed attributes the applicant's key signs (it hashes with SHA-256). */
  toBeSigned: string;
  digestAlgorithm: 'SHA-256';
  /** ISO 8601 with +07:00. */
  expiresAt: string;
  /** The unsigned application form, for `formPdfUrl` (also `readApplicationForm`). */
  formPdf: Buffer;
  formTitle: string;
}

/** `POST /api/applications/{applicationId}/submit`. */
export interface SubmitApplicationInput {
  applicationId: string;
  /** Base64 (or base64url) signature value: RSASSA-PKCS1-v1_5, or ECDSA as DER or r||s. */
  signature: string;
  attachments?: Array<{ fileName: string; contentType?: string; bytes: Uint8Array }>;
  /** The `Idempotency-Key` header. */
  idempotencyKey?: string;
}

export interface SubmittedApplication {
  code: string;
  trackingToken: string;
  stage: 'VERIFICATION';
  /** Provisional appointment: `totalWorkingDays` working days after reception, ISO +07:00. */
  dueAt: string;
  links: { self: string; documents: string };
  /** True when an earlier request with the same Idempotency-Key made this case (answer 200). */
  replayed: boolean;
}

/** `POST /api/applicant-certificates`. */
export interface ApplicantCertificateInput {
  fullName: string;
  idNumber: string;
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"), RSA ≥ 2048 or EC P-256. */
  publicKeyPem: string;
}

export interface ApplicantCertificate {
  certificatePem: string;
  /** Issuing CA then root, concatenated PEM. */
  chainPem: string;
}

export const clock = (deps: { now?: () => Date }): Date => deps.now?.() ?? new Date();

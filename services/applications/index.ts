/**
 * The signed electronic application (API.md "Applicants"): the services the HTTP routes call.
 *
 * - `issueApplicantCertificate` — `POST /api/applicant-certificates` (development only);
 * - `prepareApplication` — `POST /api/applications/prepare`; `readApplicationForm` serves the
 *   `formPdfUrl` it answers with;
 * - `submitApplication` — `POST /api/applications/{applicationId}/submit`;
 * - `storeSupplementFiles` — the files of `POST /api/cases/{code}/supplement`.
 *
 * The periodic sweep of expired applications is the worker's (activities/applications/expiry.ts).
 *
 * Every failure a client can act on is an `ApplicationError` whose `code` is a contract code.
 */
export {
  ApplicationError,
  isApplicationError,
  type ApplicationErrorCode,
  type FieldProblem,
} from './errors';
export type {
  ApplicantCertificate,
  ApplicantCertificateInput,
  ApplicantInput,
  ApplicationDeps,
  ApplicationServiceDeps,
  PrepareApplicationInput,
  PreparedApplication,
  SubmissionStep,
  SubmitApplicationInput,
  SubmittedApplication,
} from './types';
export { issueApplicantCertificate } from './applicant-certificates';
export {
  APPLICATION_TTL_MS,
  applicationProblems,
  prepareApplication,
  readApplicationForm,
} from './prepare';
export { submitApplication, trackingTokenHash } from './submit';
export { storeSupplementFiles } from './supplement';
export {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  type AttachmentInput,
  type AttachmentType,
} from './attachments';

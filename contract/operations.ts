/**
 * The operations of the HTTP API, each once: method, path, who may call it, the schemas of its
 * parameters, query, headers and body, its answers and errors, and a documented example request.
 * The API mounts its handlers on these (api/route.ts validates the input against them before a
 * handler runs) and the OpenAPI document is generated from them (contract/openapi.ts).
 */
import type { z } from 'zod';
import type { ErrorCode } from '../domain/errors';
import * as S from './schemas';

export type Security = 'public' | 'bearer' | 'tracking' | 'bearer-or-tracking';

export type Body =
  | { kind: 'json'; schema: z.ZodType }
  | { kind: 'multipart'; schema: z.ZodObject; files: string }
  | { kind: 'binary'; contentType: string; maxBytes: number };

export interface Answer {
  description: string;
  schema?: z.ZodType;
  /** Default application/json. */
  contentType?: string;
}

export interface Operation {
  operationId: string;
  method: 'get' | 'post';
  /** OpenAPI form, `/api/cases/{code}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  security: Security;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: Body;
  responses: Record<number, Answer>;
  errors: readonly ErrorCode[];
  /** A request the server accepts (a test sends it); values only where the operation takes input. */
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
  };
}

const op = <const O extends Operation>(o: O): O => o;
const pdf = (description: string): Answer => ({ description, contentType: 'application/pdf' });

const EXAMPLE_CODE = '000.26.01.H29-261203-0001';

export const OPERATIONS = {
  healthz: op({
    operationId: 'healthz',
    method: 'get',
    path: '/healthz',
    tag: 'Hệ thống',
    summary: 'The process runs',
    security: 'public',
    responses: { 200: { description: 'OK', schema: S.Health } },
    errors: [],
  }),
  readyz: op({
    operationId: 'readyz',
    method: 'get',
    path: '/readyz',
    tag: 'Hệ thống',
    summary: 'Temporal, MongoDB and a case worker answer; 503 names what is missing',
    security: 'public',
    responses: { 200: { description: 'Ready', schema: S.Readiness } },
    errors: ['DEPENDENCY_UNAVAILABLE'],
  }),
  openapi: op({
    operationId: 'openapi',
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Hệ thống',
    summary: 'This document',
    security: 'public',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    errors: [],
  }),
  pkiRoots: op({
    operationId: 'pkiRoots',
    method: 'get',
    path: '/api/pki/roots',
    tag: 'Tin cậy',
    summary: 'The root certificates every document of this deployment chains to',
    security: 'public',
    responses: { 200: { description: 'PEM', contentType: 'application/x-pem-file' } },
    errors: ['DEPENDENCY_UNAVAILABLE'],
  }),
  pkiCrl: op({
    operationId: 'pkiCrl',
    method: 'get',
    path: '/api/pki/crl/{file}',
    tag: 'Tin cậy',
    summary: 'The current CRL of one of the deployment’s CAs (root, officials, seals, citizens)',
    security: 'public',
    params: S.PkiFileParam,
    responses: { 200: { description: 'DER CRL', contentType: 'application/pkix-crl' } },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
    example: { params: { file: 'officials.crl' } },
  }),
  pkiCa: op({
    operationId: 'pkiCa',
    method: 'get',
    path: '/api/pki/ca/{file}',
    tag: 'Tin cậy',
    summary: 'A CA certificate of the deployment (the certificates’ AIA CA-issuers URL)',
    security: 'public',
    params: S.PkiFileParam,
    responses: { 200: { description: 'DER certificate', contentType: 'application/pkix-cert' } },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
    example: { params: { file: 'officials.cer' } },
  }),
  ocspPost: op({
    operationId: 'ocspPost',
    method: 'post',
    path: '/api/pki/ocsp',
    tag: 'Tin cậy',
    summary: 'OCSP (RFC 6960) for the deployment’s CAs',
    security: 'public',
    body: { kind: 'binary', contentType: 'application/ocsp-request', maxBytes: 16 * 1024 },
    responses: { 200: { description: 'OCSP response', contentType: 'application/ocsp-response' } },
    errors: ['TOO_LARGE'],
  }),
  ocspGet: op({
    operationId: 'ocspGet',
    method: 'get',
    path: '/api/pki/ocsp/{request}',
    tag: 'Tin cậy',
    summary: 'OCSP (RFC 6960 Appendix A) with the request base64 in the path',
    security: 'public',
    responses: { 200: { description: 'OCSP response', contentType: 'application/ocsp-response' } },
    errors: ['VALIDATION_FAILED'],
  }),
  procedures: op({
    operationId: 'procedures',
    method: 'get',
    path: '/api/procedures',
    tag: 'Danh mục',
    summary: 'Procedures: chain, deadlines in working days, required documents, e-form schema',
    security: 'public',
    responses: { 200: { description: 'The catalogue', schema: S.ProcedureView.array() } },
    errors: [],
  }),
  units: op({
    operationId: 'units',
    method: 'get',
    path: '/api/units',
    tag: 'Danh mục',
    summary: 'Wards and departments',
    security: 'public',
    responses: { 200: { description: 'Units', schema: S.UnitView.array() } },
    errors: [],
  }),
  applicantCertificate: op({
    operationId: 'applicantCertificate',
    method: 'post',
    path: '/api/applicant-certificates',
    tag: 'Người nộp hồ sơ',
    summary: 'Development only: the citizens CA certifies a public key for the applicant',
    security: 'public',
    body: { kind: 'json', schema: S.ApplicantCertificateRequest },
    responses: { 201: { description: 'Certified', schema: S.ApplicantCertificate } },
    errors: ['VALIDATION_FAILED', 'FORBIDDEN', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
    example: {
      body: {
        fullName: 'Nguyễn Văn Bình',
        idNumber: '079085001234',
        publicKeyPem:
          '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xOUetsCa8EfOlDEBAfREhJqspDo\nyEh6Szz2in47Tv5n52m9dLYyPCbqZkOB5nTSqtscpkQD/HpykCggvx09iQ==\n-----END PUBLIC KEY-----\n',
      },
    },
  }),
  prepareApplication: op({
    operationId: 'prepareApplication',
    method: 'post',
    path: '/api/applications/prepare',
    tag: 'Người nộp hồ sơ',
    summary: 'Step 1 of a signed application: validate, render the form, return what to sign',
    security: 'public',
    body: { kind: 'json', schema: S.PrepareApplicationRequest },
    responses: { 201: { description: 'Prepared', schema: S.PreparedApplication } },
    errors: ['VALIDATION_FAILED', 'SIGNATURE_INVALID', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
  }),
  applicationForm: op({
    operationId: 'applicationForm',
    method: 'get',
    path: '/api/applications/{applicationId}/form.pdf',
    tag: 'Người nộp hồ sơ',
    summary: 'The unsigned application form, to read before signing',
    security: 'public',
    params: S.ApplicationIdParam,
    responses: { 200: pdf('The form') },
    errors: ['NOT_FOUND'],
    example: { params: { applicationId: 'abcdef123456' } },
  }),
  submitApplication: op({
    operationId: 'submitApplication',
    method: 'post',
    path: '/api/applications/{applicationId}/submit',
    tag: 'Người nộp hồ sơ',
    summary: 'Step 2: the signature value and the attachments; starts the case',
    description:
      'With `Idempotency-Key`, the same request answers 200 with the same case; the key with another request is 409.',
    security: 'public',
    params: S.ApplicationIdParam,
    headers: S.SubmitHeaders,
    body: { kind: 'multipart', schema: S.SubmitFields, files: 'attachments' },
    responses: {
      201: { description: 'The case is opened and readable', schema: S.SubmittedApplication },
      200: {
        description: 'The same request again (Idempotency-Key)',
        schema: S.SubmittedApplication,
      },
    },
    errors: [
      'VALIDATION_FAILED',
      'SIGNATURE_INVALID',
      'NOT_FOUND',
      'WRONG_STAGE',
      'IDEMPOTENCY_CONFLICT',
      'TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'RATE_LIMITED',
      'DEPENDENCY_UNAVAILABLE',
    ],
  }),
  getCase: op({
    operationId: 'getCase',
    method: 'get',
    path: '/api/cases/{code}',
    tag: 'Hồ sơ',
    summary:
      'The case: for its applicant with X-Tracking-Token, in full for officials of its units',
    security: 'bearer-or-tracking',
    params: S.CodeParam,
    headers: S.TrackingHeaders,
    responses: { 200: { description: 'The case', schema: S.CaseView } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
    example: { params: { code: EXAMPLE_CODE } },
  }),
  caseDocument: op({
    operationId: 'caseDocument',
    method: 'get',
    path: '/api/cases/{code}/documents/{documentId}',
    tag: 'Hồ sơ',
    summary: 'A signed document of the case (or an attachment)',
    security: 'bearer-or-tracking',
    params: S.DocumentParams,
    headers: S.TrackingHeaders,
    responses: { 200: pdf('The document as stored (PDF, or the attachment’s type)') },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'],
    example: { params: { code: EXAMPLE_CODE, documentId: 'abcdef' } },
  }),
  supplement: op({
    operationId: 'supplement',
    method: 'post',
    path: '/api/cases/{code}/supplement',
    tag: 'Hồ sơ',
    summary: 'The applicant answers a supplement request with a note and the missing files',
    security: 'tracking',
    params: S.CodeParam,
    headers: S.TrackingHeaders,
    body: { kind: 'multipart', schema: S.SupplementFields, files: 'attachments' },
    responses: { 200: { description: 'The case, back in verification', schema: S.CaseView } },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'WRONG_STAGE',
      'TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'DEPENDENCY_UNAVAILABLE',
    ],
  }),
  withdraw: op({
    operationId: 'withdraw',
    method: 'post',
    path: '/api/cases/{code}/withdraw',
    tag: 'Hồ sơ',
    summary: 'The applicant withdraws the dossier before a decision',
    security: 'tracking',
    params: S.CodeParam,
    headers: S.TrackingHeaders,
    body: { kind: 'json', schema: S.WithdrawRequest },
    responses: { 200: { description: 'The case, closed as WITHDRAWN', schema: S.CaseView } },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'WRONG_STAGE',
      'DEPENDENCY_UNAVAILABLE',
    ],
    example: { params: { code: EXAMPLE_CODE }, body: { reason: 'Tôi đã nộp nhầm hồ sơ.' } },
  }),
  login: op({
    operationId: 'login',
    method: 'post',
    path: '/api/auth/login',
    tag: 'Cán bộ',
    summary: 'An official signs in',
    security: 'public',
    body: { kind: 'json', schema: S.LoginRequest },
    responses: { 200: { description: 'A bearer token', schema: S.LoginAnswer } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
    example: { body: { username: 'receiver.saigon', password: 'demo' } },
  }),
  inbox: op({
    operationId: 'inbox',
    method: 'get',
    path: '/api/inbox',
    tag: 'Cán bộ',
    summary: 'The cases the official can act on now, most urgent first',
    security: 'bearer',
    responses: { 200: { description: 'The inbox', schema: S.Inbox } },
    errors: ['UNAUTHENTICATED', 'DEPENDENCY_UNAVAILABLE'],
  }),
  act: op({
    operationId: 'act',
    method: 'post',
    path: '/api/cases/{code}/actions',
    tag: 'Cán bộ',
    summary: 'An official’s action; approve and reject are signed (PIN for a server-held key)',
    security: 'bearer',
    params: S.CodeParam,
    body: { kind: 'json', schema: S.ActionRequest },
    responses: { 200: { description: 'The case after the action', schema: S.CaseView } },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'BAD_PIN',
      'FORBIDDEN',
      'NOT_FOUND',
      'WRONG_STAGE',
      'LOCKED',
      'DEPENDENCY_UNAVAILABLE',
    ],
    example: { params: { code: EXAMPLE_CODE }, body: { action: 'accept', note: 'Hồ sơ đầy đủ.' } },
  }),
  awaitedSignature: op({
    operationId: 'awaitedSignature',
    method: 'get',
    path: '/api/cases/{code}/signature',
    tag: 'Cán bộ',
    summary: 'The awaited token signature: what the official’s token must sign',
    security: 'bearer',
    params: S.CodeParam,
    responses: { 200: { description: 'What to sign', schema: S.AwaitedSignature } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'WRONG_STAGE', 'DEPENDENCY_UNAVAILABLE'],
  }),
  tokenSignatures: op({
    operationId: 'tokenSignatures',
    method: 'post',
    path: '/api/cases/{code}/signature',
    tag: 'Cán bộ',
    summary: 'The token’s signature values (base64, in the order of items); answers with the case',
    security: 'bearer',
    params: S.CodeParam,
    body: { kind: 'json', schema: S.TokenSignatures },
    responses: {
      200: { description: 'The case once the signature is settled', schema: S.CaseView },
    },
    errors: [
      'VALIDATION_FAILED',
      'SIGNATURE_INVALID',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'WRONG_STAGE',
      'DEPENDENCY_UNAVAILABLE',
    ],
    example: { params: { code: EXAMPLE_CODE }, body: { signatures: ['MEUCIQ=='] } },
  }),
  cancelSignature: op({
    operationId: 'cancelSignature',
    method: 'post',
    path: '/api/cases/{code}/signature/cancel',
    tag: 'Cán bộ',
    summary: 'Cancels the awaited signature (to sign another way); the case stays where it was',
    security: 'bearer',
    params: S.CodeParam,
    responses: { 200: { description: 'The case', schema: S.CaseView } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'WRONG_STAGE', 'DEPENDENCY_UNAVAILABLE'],
  }),
  signingMethods: op({
    operationId: 'signingMethods',
    method: 'get',
    path: '/api/signing/methods',
    tag: 'Người nộp hồ sơ',
    summary: 'How applicants can sign here: development key, PKCS#12, token, remote services',
    security: 'public',
    responses: { 200: { description: 'The methods', schema: S.SigningMethods } },
    errors: [],
  }),
  remoteCertificate: op({
    operationId: 'remoteCertificate',
    method: 'post',
    path: '/api/remote-signing/certificate',
    tag: 'Người nộp hồ sơ',
    summary: 'The certificate (and chain) of a credential at a remote signing service',
    security: 'public',
    body: { kind: 'json', schema: S.RemoteCertificateRequest },
    responses: { 200: { description: 'The certificate', schema: S.RemoteCertificate } },
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
  }),
  requestRemoteSignature: op({
    operationId: 'requestRemoteSignature',
    method: 'post',
    path: '/api/applications/{applicationId}/remote-signature',
    tag: 'Người nộp hồ sơ',
    summary: 'Asks the remote signing service to sign this application’s toBeSigned',
    security: 'public',
    params: S.ApplicationIdParam,
    body: { kind: 'json', schema: S.RemoteSignatureRequest },
    responses: { 200: { description: 'Where it stands', schema: S.RemoteSignature } },
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
  }),
  remoteSignatureStatus: op({
    operationId: 'remoteSignatureStatus',
    method: 'get',
    path: '/api/applications/{applicationId}/remote-signature',
    tag: 'Người nộp hồ sơ',
    summary: 'Where the remote signature stands (poll while the signer confirms)',
    security: 'public',
    params: S.ApplicationIdParam,
    responses: { 200: { description: 'Where it stands', schema: S.RemoteSignature } },
    errors: ['NOT_FOUND', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'],
  }),
  supervisionCases: op({
    operationId: 'supervisionCases',
    method: 'get',
    path: '/api/supervision/cases',
    tag: 'Giám sát',
    summary: 'Supervisors and unit heads: cases to chase, every reason each is stuck',
    description:
      'Filters (period of receipt, unit, procedure, stage, stuck reason), search by code or applicant, sorting and paging (`offset`, or `cursor`). A unit head (an approver) sees the cases of their unit only.',
    security: 'bearer',
    query: S.SupervisionCasesQuery,
    responses: { 200: { description: 'A page of cases', schema: S.SupervisionCases } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { query: { filter: 'overdue', limit: '20', sort: 'due' } },
  }),
  supervisionStats: op({
    operationId: 'supervisionStats',
    method: 'get',
    path: '/api/supervision/stats',
    tag: 'Giám sát',
    summary:
      'Per unit: received, resolved early/on time/late, in progress, on-time share (Decision 766)',
    security: 'bearer',
    query: S.StatsQuery,
    responses: { 200: { description: 'Statistics (Decision 766/QĐ-TTg)', schema: S.Stats } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { query: { from: '2026-12-01', to: '2026-12-31' } },
  }),
  supervisionDashboard: op({
    operationId: 'supervisionDashboard',
    method: 'get',
    path: '/api/supervision/dashboard',
    tag: 'Giám sát',
    summary: 'The dashboard: figures, per unit, by week, per stage (Decision 766 counting)',
    security: 'bearer',
    query: S.StatsQuery,
    responses: { 200: { description: 'The dashboard', schema: S.Dashboard } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { query: { from: '2026-11-01', unit: 'SAIGON' } },
  }),
  supervisionAlerts: op({
    operationId: 'supervisionAlerts',
    method: 'get',
    path: '/api/supervision/alerts',
    tag: 'Giám sát',
    summary: 'How many cases went at risk or overdue since a time (the page’s badge)',
    security: 'bearer',
    query: S.AlertsQuery,
    responses: { 200: { description: 'New alerts', schema: S.Alerts } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { query: { since: '2026-12-01T00:00:00Z' } },
  }),
  supervisionExport: op({
    operationId: 'supervisionExport',
    method: 'get',
    path: '/api/supervision/export',
    tag: 'Giám sát',
    summary: 'A table (cases, the report per unit, per stage, by week) as CSV or XLSX',
    description: 'Vietnamese headers; the same filters as the lists; at most 10,000 cases.',
    security: 'bearer',
    query: S.ExportQuery,
    responses: {
      200: {
        description: 'The table',
        contentType: 'text/csv; charset=utf-8',
      },
    },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { query: { table: 'units', format: 'csv' } },
  }),
  supervisionCase: op({
    operationId: 'supervisionCase',
    method: 'get',
    path: '/api/supervision/cases/{code}',
    tag: 'Giám sát',
    summary:
      'A case’s whole story: the case, why it is stuck, its Temporal history, who can take it',
    security: 'bearer',
    params: S.CodeParam,
    responses: { 200: { description: 'The case', schema: S.SupervisionCaseView } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'],
    example: { params: { code: EXAMPLE_CODE } },
  }),
  escalate: op({
    operationId: 'escalate',
    method: 'post',
    path: '/api/supervision/cases/{code}/escalate',
    tag: 'Giám sát',
    summary:
      'Escalate a case: a note to the leaders of the unit it waits on and to the supervisors',
    security: 'bearer',
    params: S.CodeParam,
    body: { kind: 'json', schema: S.EscalateRequest },
    responses: { 200: { description: 'Escalated', schema: S.Escalated } },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'WRONG_STAGE',
      'DEPENDENCY_UNAVAILABLE',
    ],
    example: {
      params: { code: EXAMPLE_CODE },
      body: { note: 'Đề nghị khẩn trương xử lý, hồ sơ đã quá hạn.' },
    },
  }),
  supervisionBatch: op({
    operationId: 'supervisionBatch',
    method: 'post',
    path: '/api/supervision/batch',
    tag: 'Giám sát',
    summary: 'Supervisors: reassign many cases, or retry their failing step now',
    security: 'bearer',
    body: { kind: 'json', schema: S.BatchRequest },
    responses: { 200: { description: 'One result per case', schema: S.BatchResult } },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE'],
    example: { body: { action: 'retry', codes: [EXAMPLE_CODE] } },
  }),
  reassign: op({
    operationId: 'reassign',
    method: 'post',
    path: '/api/cases/{code}/reassign',
    tag: 'Giám sát',
    summary:
      'Supervisors (or the unit’s head): give the current stage to another official of its unit',
    security: 'bearer',
    params: S.CodeParam,
    body: { kind: 'json', schema: S.ReassignRequest },
    responses: { 200: { description: 'The case', schema: S.CaseView } },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'WRONG_STAGE',
      'DEPENDENCY_UNAVAILABLE',
    ],
    example: {
      params: { code: EXAMPLE_CODE },
      body: { toOfficialId: 'ward.saigon', note: 'Giao lại cho người phụ trách.' },
    },
  }),
  verify: op({
    operationId: 'verify',
    method: 'post',
    path: '/api/verify',
    tag: 'Xác thực văn bản',
    summary: 'Verify every signature of a PDF against this deployment’s roots, CRLs and OCSP',
    security: 'public',
    body: { kind: 'binary', contentType: 'application/pdf', maxBytes: 20 * 1024 * 1024 },
    responses: { 200: { description: 'The report', schema: S.VerificationReport } },
    errors: ['VALIDATION_FAILED', 'TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED'],
  }),
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;

/** The input a handler gets, as parsed by the operation's schemas. */
export type InputOf<O extends Operation> = {
  params: O['params'] extends z.ZodObject ? z.output<O['params']> : Record<string, never>;
  query: O['query'] extends z.ZodObject ? z.output<O['query']> : Record<string, never>;
  headers: O['headers'] extends z.ZodObject ? z.output<O['headers']> : Record<string, never>;
  body: O['body'] extends { kind: 'json'; schema: infer B extends z.ZodType }
    ? z.output<B>
    : O['body'] extends { kind: 'multipart'; schema: infer M extends z.ZodType }
      ? z.output<M>
      : O['body'] extends { kind: 'binary' }
        ? Buffer
        : undefined;
};

/** `/api/cases/{code}` → `/api/cases/:code` (express). */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

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

/** Who calls the operations of a tag, and what an operation needs besides them. */
type Parts = Omit<Operation, 'operationId' | 'method' | 'path' | 'tag' | 'summary' | 'security'> & {
  security?: Security;
};

/**
 * The operations of one tag: each from its route (`GET /path`), summary and parts; `security`
 * defaults to the tag's. The operation's id is its key in OPERATIONS (`named`).
 */
const tag =
  (name: string, security: Security = 'public') =>
  <const P extends Parts>(route: `${'GET' | 'POST'} /${string}`, summary: string, parts: P) => {
    const [method, path] = route.split(' ') as [string, string];
    return {
      method: method.toLowerCase() as 'get' | 'post',
      path,
      tag: name,
      summary,
      ...parts,
      security: parts.security ?? security,
    };
  };

/** Each operation with its key as its `operationId`. */
const named = <const T extends Record<string, Omit<Operation, 'operationId'>>>(
  ops: T,
): { [K in keyof T]: T[K] & { operationId: K } } =>
  Object.fromEntries(
    Object.entries(ops).map(([operationId, o]) => [operationId, { operationId, ...o }]),
  ) as { [K in keyof T]: T[K] & { operationId: K } };

/** The answer 200 (JSON unless `contentType`). */
const ok = (description: string, schema?: z.ZodType): Record<number, Answer> => ({
  200: schema ? { description, schema } : { description },
});
const file = (description: string, contentType: string): Record<number, Answer> => ({
  200: { description, contentType },
});
const pdf = (description: string): Record<number, Answer> => file(description, 'application/pdf');

/** What an official's request about one case can meet (signed in, of its unit, at its stage). */
const ON_CASE = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'WRONG_STAGE',
  'DEPENDENCY_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
/** What a supervisor's query can meet. */
const SUPERVISING = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'DEPENDENCY_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
/** What an applicant's request limited per address and reaching the services can meet. */
const LIMITED = ['RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'] as const satisfies readonly ErrorCode[];

const system = tag('Hệ thống');
const trust = tag('Tin cậy');
const catalogue = tag('Danh mục');
const applicant = tag('Người nộp hồ sơ');
const caseFile = tag('Hồ sơ', 'tracking');
const official = tag('Cán bộ', 'bearer');
const supervision = tag('Giám sát', 'bearer');
const verification = tag('Xác thực văn bản');

const EXAMPLE_CODE = '000.26.01.H29-261203-0001';
const OCSP_ANSWER = file('OCSP response', 'application/ocsp-response');

export const OPERATIONS = named({
  healthz: system('GET /healthz', 'The process runs', {
    responses: ok('OK', S.Health),
    errors: [],
  }),
  readyz: system(
    'GET /readyz',
    'Temporal, MongoDB and a case worker answer; 503 names what is missing',
    { responses: ok('Ready', S.Readiness), errors: ['DEPENDENCY_UNAVAILABLE'] },
  ),
  openapi: system('GET /api/openapi.json', 'This document', {
    responses: ok('OpenAPI 3.1'),
    errors: [],
  }),
  pkiRoots: trust(
    'GET /api/pki/roots',
    'The root certificates every document of this deployment chains to',
    { responses: file('PEM', 'application/x-pem-file'), errors: ['DEPENDENCY_UNAVAILABLE'] },
  ),
  pkiCrl: trust(
    'GET /api/pki/crl/{file}',
    'The current CRL of one of the deployment’s CAs (root, officials, seals, citizens)',
    {
      params: S.PkiFileParam,
      responses: file('DER CRL', 'application/pkix-crl'),
      errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
      example: { params: { file: 'officials.crl' } },
    },
  ),
  pkiCa: trust(
    'GET /api/pki/ca/{file}',
    'A CA certificate of the deployment (the certificates’ AIA CA-issuers URL)',
    {
      params: S.PkiFileParam,
      responses: file('DER certificate', 'application/pkix-cert'),
      errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
      example: { params: { file: 'officials.cer' } },
    },
  ),
  ocspPost: trust('POST /api/pki/ocsp', 'OCSP (RFC 6960) for the deployment’s CAs', {
    body: { kind: 'binary', contentType: 'application/ocsp-request', maxBytes: 16 * 1024 },
    responses: OCSP_ANSWER,
    errors: ['TOO_LARGE'],
  }),
  ocspGet: trust(
    'GET /api/pki/ocsp/{request}',
    'OCSP (RFC 6960 Appendix A) with the request base64 in the path',
    { responses: OCSP_ANSWER, errors: ['VALIDATION_FAILED'] },
  ),
  procedures: catalogue(
    'GET /api/procedures',
    'Procedures: chain, deadlines in working days, required documents, e-form schema',
    { responses: ok('The catalogue', S.ProcedureView.array()), errors: [] },
  ),
  units: catalogue('GET /api/units', 'Wards and departments', {
    responses: ok('Units', S.UnitView.array()),
    errors: [],
  }),
  applicantCertificate: applicant(
    'POST /api/applicant-certificates',
    'Development only: the citizens CA certifies a public key for the applicant',
    {
      body: { kind: 'json', schema: S.ApplicantCertificateRequest },
      responses: { 201: { description: 'Certified', schema: S.ApplicantCertificate } },
      errors: ['VALIDATION_FAILED', 'FORBIDDEN', ...LIMITED],
      example: {
        body: {
          fullName: 'Nguyễn Văn Bình',
          idNumber: '079085001234',
          publicKeyPem:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xOUetsCa8EfOlDEBAfREhJqspDo\nyEh6Szz2in47Tv5n52m9dLYyPCbqZkOB5nTSqtscpkQD/HpykCggvx09iQ==\n-----END PUBLIC KEY-----\n',
        },
      },
    },
  ),
  checkApplication: applicant(
    'POST /api/applications/check',
    'Check an application before signing: every problem of every field in one answer',
    {
      description:
        'The same checks as prepare (the procedure and ward, the applicant, the e-form against the procedure’s formSchema, the attached documents; the certificate when one is sent), without rendering or keeping anything.',
      body: { kind: 'json', schema: S.CheckApplicationRequest },
      responses: ok('Nothing to correct', S.ApplicationCheck),
      errors: ['VALIDATION_FAILED', ...LIMITED],
      example: {
        body: {
          procedureCode: '1.001612.000.00.00.H29',
          wardCode: 'SAIGON',
          applicant: {
            fullName: 'Trần Thị Mai',
            idNumber: '079190001234',
            phone: '0909000111',
            address: '5 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh',
          },
          form: {
            registrationType: 'CA_NHAN',
            capital: 150000000,
            employees: 2,
            business: {
              name: 'Hộ kinh doanh Cà phê Mai',
              address: '5 Lê Lợi',
              phone: '0909000111',
              lineOfBusiness: 'Dịch vụ phục vụ đồ uống',
              vsicCode: '5630',
            },
          },
        },
      },
    },
  ),
  prepareApplication: applicant(
    'POST /api/applications/prepare',
    'Step 1 of a signed application: validate, render the form, return what to sign',
    {
      body: { kind: 'json', schema: S.PrepareApplicationRequest },
      responses: { 201: { description: 'Prepared', schema: S.PreparedApplication } },
      errors: ['VALIDATION_FAILED', 'SIGNATURE_INVALID', ...LIMITED],
    },
  ),
  applicationForm: applicant(
    'GET /api/applications/{applicationId}/form.pdf',
    'The unsigned application form, to read before signing',
    {
      params: S.ApplicationIdParam,
      responses: pdf('The form'),
      errors: ['NOT_FOUND'],
      example: { params: { applicationId: 'abcdef123456' } },
    },
  ),
  submitApplication: applicant(
    'POST /api/applications/{applicationId}/submit',
    'Step 2: the signature value and the attachments; starts the case',
    {
      description:
        'With `Idempotency-Key`, the same request answers 200 with the same case; the key with another request is 409.',
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
        ...LIMITED,
      ],
    },
  ),
  getCase: caseFile(
    'GET /api/cases/{code}',
    'The case: for its applicant with X-Tracking-Token, in full for officials of its units',
    {
      security: 'bearer-or-tracking',
      params: S.CodeParam,
      headers: S.TrackingHeaders,
      responses: ok('The case', S.CaseView),
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', ...LIMITED],
      example: { params: { code: EXAMPLE_CODE } },
    },
  ),
  caseDocument: caseFile(
    'GET /api/cases/{code}/documents/{documentId}',
    'A signed document of the case (or an attachment)',
    {
      security: 'bearer-or-tracking',
      params: S.DocumentParams,
      headers: S.TrackingHeaders,
      responses: pdf('The document as stored (PDF, or the attachment’s type)'),
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'],
      example: { params: { code: EXAMPLE_CODE, documentId: 'abcdef' } },
    },
  ),
  supplement: caseFile(
    'POST /api/cases/{code}/supplement',
    'The applicant answers a supplement request with a note and the missing files',
    {
      params: S.CodeParam,
      headers: S.TrackingHeaders,
      body: { kind: 'multipart', schema: S.SupplementFields, files: 'attachments' },
      responses: ok('The case, back in verification', S.CaseView),
      errors: [
        'VALIDATION_FAILED',
        'UNAUTHENTICATED',
        'NOT_FOUND',
        'WRONG_STAGE',
        'TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'DEPENDENCY_UNAVAILABLE',
      ],
    },
  ),
  withdraw: caseFile(
    'POST /api/cases/{code}/withdraw',
    'The applicant withdraws the dossier before a decision',
    {
      params: S.CodeParam,
      headers: S.TrackingHeaders,
      body: { kind: 'json', schema: S.WithdrawRequest },
      responses: ok('The case, closed as WITHDRAWN', S.CaseView),
      errors: [
        'VALIDATION_FAILED',
        'UNAUTHENTICATED',
        'NOT_FOUND',
        'WRONG_STAGE',
        'DEPENDENCY_UNAVAILABLE',
      ],
      example: { params: { code: EXAMPLE_CODE }, body: { reason: 'Tôi đã nộp nhầm hồ sơ.' } },
    },
  ),
  login: official('POST /api/auth/login', 'An official signs in', {
    security: 'public',
    body: { kind: 'json', schema: S.LoginRequest },
    responses: ok('A bearer token', S.LoginAnswer),
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', ...LIMITED],
    example: { body: { username: 'receiver.saigon', password: 'demo' } },
  }),
  inbox: official(
    'GET /api/inbox',
    'The cases the official can act on now, most urgent first; filters, search, pages',
    {
      query: S.InboxQuery,
      responses: ok('A page of the inbox', S.Inbox),
      errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'DEPENDENCY_UNAVAILABLE'],
      example: { query: { status: 'atRisk', q: 'Bình', page: '1', limit: '20' } },
    },
  ),
  act: official(
    'POST /api/cases/{code}/actions',
    'An official’s action; approve and reject are signed (PIN for a server-held key)',
    {
      params: S.CodeParam,
      body: { kind: 'json', schema: S.ActionRequest },
      responses: ok('The case after the action', S.CaseView),
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
      example: {
        params: { code: EXAMPLE_CODE },
        body: { action: 'accept', note: 'Hồ sơ đầy đủ.' },
      },
    },
  ),
  preview: official(
    'GET /api/cases/{code}/preview/{action}',
    'The unsigned document a signed action would sign now, to read before the PIN',
    {
      description:
        'approve at the last level: the decision; approve at an earlier level: the control sheet with the row the signature fills; reject: the refusal letter with the reason given. Nothing is stored or numbered.',
      params: S.PreviewParams,
      query: S.PreviewQuery,
      responses: pdf('The document, unsigned, marked as a preview'),
      errors: ['VALIDATION_FAILED', ...ON_CASE],
      example: {
        params: { code: EXAMPLE_CODE, action: 'reject' },
        query: { reason: 'Thiếu bản vẽ.' },
      },
    },
  ),
  awaitedSignature: official(
    'GET /api/cases/{code}/signature',
    'The awaited token signature: what the official’s token must sign',
    { params: S.CodeParam, responses: ok('What to sign', S.AwaitedSignature), errors: ON_CASE },
  ),
  tokenSignatures: official(
    'POST /api/cases/{code}/signature',
    'The token’s signature values (base64, in the order of items); answers with the case',
    {
      params: S.CodeParam,
      body: { kind: 'json', schema: S.TokenSignatures },
      responses: ok('The case once the signature is settled', S.CaseView),
      errors: ['VALIDATION_FAILED', 'SIGNATURE_INVALID', ...ON_CASE],
      example: { params: { code: EXAMPLE_CODE }, body: { signatures: ['MEUCIQ=='] } },
    },
  ),
  cancelSignature: official(
    'POST /api/cases/{code}/signature/cancel',
    'Cancels the awaited signature (to sign another way); the case stays where it was',
    { params: S.CodeParam, responses: ok('The case', S.CaseView), errors: ON_CASE },
  ),
  signingMethods: applicant(
    'GET /api/signing/methods',
    'How applicants can sign here: development key, PKCS#12, token, remote services',
    { responses: ok('The methods', S.SigningMethods), errors: [] },
  ),
  remoteCertificate: applicant(
    'POST /api/remote-signing/certificate',
    'The certificate (and chain) of a credential at a remote signing service',
    {
      body: { kind: 'json', schema: S.RemoteCertificateRequest },
      responses: ok('The certificate', S.RemoteCertificate),
      errors: ['VALIDATION_FAILED', 'NOT_FOUND', ...LIMITED],
    },
  ),
  requestRemoteSignature: applicant(
    'POST /api/applications/{applicationId}/remote-signature',
    'Asks the remote signing service to sign this application’s toBeSigned',
    {
      params: S.ApplicationIdParam,
      body: { kind: 'json', schema: S.RemoteSignatureRequest },
      responses: ok('Where it stands', S.RemoteSignature),
      errors: ['VALIDATION_FAILED', 'NOT_FOUND', ...LIMITED],
    },
  ),
  remoteSignatureStatus: applicant(
    'GET /api/applications/{applicationId}/remote-signature',
    'Where the remote signature stands (poll while the signer confirms)',
    {
      params: S.ApplicationIdParam,
      responses: ok('Where it stands', S.RemoteSignature),
      errors: ['NOT_FOUND', ...LIMITED],
    },
  ),
  supervisionCases: supervision(
    'GET /api/supervision/cases',
    'Supervisors and unit heads: cases to chase, every reason each is stuck',
    {
      description:
        'Filters (period of receipt, unit, procedure, stage, stuck reason), search by code or applicant, sorting and paging (`offset`, or `cursor`). A unit head (an approver) sees the cases of their unit only.',
      query: S.SupervisionCasesQuery,
      responses: ok('A page of cases', S.SupervisionCases),
      errors: SUPERVISING,
      example: { query: { filter: 'overdue', limit: '20', sort: 'due' } },
    },
  ),
  supervisionStats: supervision(
    'GET /api/supervision/stats',
    'Per unit: received, resolved early/on time/late, in progress, on-time share (Decision 766)',
    {
      query: S.StatsQuery,
      responses: ok('Statistics (Decision 766/QĐ-TTg)', S.Stats),
      errors: SUPERVISING,
      example: { query: { from: '2026-12-01', to: '2026-12-31' } },
    },
  ),
  supervisionDashboard: supervision(
    'GET /api/supervision/dashboard',
    'The dashboard: figures, per unit, by week, per stage (Decision 766 counting)',
    {
      query: S.StatsQuery,
      responses: ok('The dashboard', S.Dashboard),
      errors: SUPERVISING,
      example: { query: { from: '2026-11-01', unit: 'SAIGON' } },
    },
  ),
  supervisionAlerts: supervision(
    'GET /api/supervision/alerts',
    'How many cases went at risk or overdue since a time (the page’s badge)',
    {
      query: S.AlertsQuery,
      responses: ok('New alerts', S.Alerts),
      errors: SUPERVISING,
      example: { query: { since: '2026-12-01T00:00:00Z' } },
    },
  ),
  supervisionExport: supervision(
    'GET /api/supervision/export',
    'A table (cases, the report per unit, per stage, by week) as CSV or XLSX',
    {
      description: 'Vietnamese headers; the same filters as the lists; at most 10,000 cases.',
      query: S.ExportQuery,
      responses: file('The table', 'text/csv; charset=utf-8'),
      errors: SUPERVISING,
      example: { query: { table: 'units', format: 'csv' } },
    },
  ),
  supervisionCase: supervision(
    'GET /api/supervision/cases/{code}',
    'A case’s whole story: the case, why it is stuck, its Temporal history, who can take it',
    {
      params: S.CodeParam,
      responses: ok('The case', S.SupervisionCaseView),
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'],
      example: { params: { code: EXAMPLE_CODE } },
    },
  ),
  escalate: supervision(
    'POST /api/supervision/cases/{code}/escalate',
    'Escalate a case: a note to the leaders of the unit it waits on and to the supervisors',
    {
      params: S.CodeParam,
      body: { kind: 'json', schema: S.EscalateRequest },
      responses: ok('Escalated', S.Escalated),
      errors: ['VALIDATION_FAILED', ...ON_CASE],
      example: {
        params: { code: EXAMPLE_CODE },
        body: { note: 'Đề nghị khẩn trương xử lý, hồ sơ đã quá hạn.' },
      },
    },
  ),
  supervisionBatch: supervision(
    'POST /api/supervision/batch',
    'Supervisors: reassign many cases, or retry their failing step now',
    {
      body: { kind: 'json', schema: S.BatchRequest },
      responses: ok('One result per case', S.BatchResult),
      errors: SUPERVISING,
      example: { body: { action: 'retry', codes: [EXAMPLE_CODE] } },
    },
  ),
  reassign: supervision(
    'POST /api/cases/{code}/reassign',
    'Supervisors (or the unit’s head): give the current stage to another official of its unit',
    {
      params: S.CodeParam,
      body: { kind: 'json', schema: S.ReassignRequest },
      responses: ok('The case', S.CaseView),
      errors: ['VALIDATION_FAILED', ...ON_CASE],
      example: {
        params: { code: EXAMPLE_CODE },
        body: { toOfficialId: 'ward.saigon', note: 'Giao lại cho người phụ trách.' },
      },
    },
  ),
  verify: verification(
    'POST /api/verify',
    'Verify every signature of a PDF against this deployment’s roots, CRLs and OCSP',
    {
      body: { kind: 'binary', contentType: 'application/pdf', maxBytes: 20 * 1024 * 1024 },
      responses: ok('The report', S.VerificationReport),
      errors: ['VALIDATION_FAILED', 'TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED'],
    },
  ),
}) satisfies Record<string, Operation>;

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

/**
 * The HTTP API as OpenAPI 3.1 (`GET /api/openapi.json`, browsable at `/api/docs`). Written by
 * hand next to the routes; test/api/openapi.test.ts checks that every route the app serves is
 * described here and nothing else.
 */
import { ERROR_STATUS } from '../domain/errors';
import { OFFICIAL_ACTIONS } from '../domain/stages';
import { STAGES } from '../domain/types';
import { ATTACHMENT_LIMITS } from './routes/applications';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const pdf = (description: string): Json => ({
  description,
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
});
const errors = (...codes: Array<keyof typeof ERROR_STATUS>): Json =>
  Object.fromEntries(
    [...new Set(codes.map((c) => ERROR_STATUS[c]))].map((status) => [
      String(status),
      json(ref('Error'), codes.filter((c) => ERROR_STATUS[c] === status).join(' / ')),
    ]),
  );
const pathParam = (name: string, description: string): Json => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});
const trackingToken: Json = {
  name: 'X-Tracking-Token',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description:
    'The applicant’s tracking token (given at submission); officials send a bearer token instead.',
};
const bearer = [{ bearer: [] }];
/** The files of a multipart request (PDF, JPEG or PNG, ≤ 10 MB each). */
const attachments: Json = {
  type: 'array',
  maxItems: ATTACHMENT_LIMITS.files,
  items: { type: 'string', format: 'binary' },
};
const body = (schema: Json, type = 'application/json'): Json => ({
  required: true,
  content: { [type]: { schema } },
});

export function openApiDocument(publicBaseUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một cửa điện tử — one-stop e-procedure API',
      version: '1',
      description:
        'Dossiers carried by a Temporal workflow through verification, ward and department approval, each official signing (PAdES). JSON in and out, UTF-8, text stored as NFC; errors are `{"error": {code, message, details}}`.',
    },
    servers: [{ url: publicBaseUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        RemoteSignature: {
          type: 'object',
          required: ['status'],
          properties: {
            status: { enum: ['PENDING', 'SIGNED', 'REFUSED', 'EXPIRED'] },
            signature: { type: 'string', description: 'Base64; submit it with the application' },
            expiresAt: { type: ['string', 'null'] },
            message: { type: 'string' },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
                message: { type: 'string' },
                details: {},
              },
            },
          },
        },
        Stage: { type: 'string', enum: [...STAGES] },
        Applicant: {
          type: 'object',
          required: ['fullName', 'idNumber', 'phone', 'address'],
          properties: {
            fullName: { type: 'string' },
            idNumber: { type: 'string', pattern: '^\\d{12}$' },
            phone: { type: 'string' },
            email: { type: 'string', format: 'email' },
            address: { type: 'string' },
          },
        },
        Case: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            procedureCode: { type: 'string' },
            wardCode: { type: 'string' },
            departmentCode: { type: 'string' },
            applicant: {
              type: 'object',
              description: 'fullName for applicants; everything for officials',
            },
            stage: ref('Stage'),
            stageLabel: { type: 'string' },
            outcome: {
              type: ['string', 'null'],
              enum: ['APPROVED', 'REJECTED', 'REFUSED', 'WITHDRAWN', 'EXPIRED', null],
            },
            submittedAt: { type: 'string', format: 'date-time' },
            dueAt: { type: 'string', format: 'date-time' },
            stageDueAt: { type: ['string', 'null'], format: 'date-time' },
            overdue: { type: 'boolean' },
            timeline: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  stage: ref('Stage'),
                  action: { type: 'string' },
                  actionLabel: { type: 'string' },
                  actor: { type: ['object', 'null'] },
                  note: { type: ['string', 'null'] },
                },
              },
            },
            documents: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  kind: { type: 'string' },
                  title: { type: 'string' },
                  createdAt: { type: 'string', format: 'date-time' },
                  signatures: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        signerName: { type: 'string' },
                        role: { type: 'string' },
                        signedAt: { type: 'string', format: 'date-time' },
                      },
                    },
                  },
                },
              },
            },
            availableActions: {
              type: 'array',
              description: 'Officials only: what the caller may do now.',
              items: { type: 'object' },
            },
          },
        },
        VerificationReport: {
          type: 'object',
          required: ['valid', 'signatures'],
          properties: {
            valid: { type: 'boolean' },
            signatures: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  fieldName: { type: 'string' },
                  signerName: { type: ['string', 'null'] },
                  organization: { type: ['string', 'null'] },
                  signedAt: { type: ['string', 'null'], format: 'date-time' },
                  integrity: { enum: ['INTACT', 'BROKEN'] },
                  chain: { enum: ['TRUSTED', 'UNTRUSTED', 'REVOKED'] },
                  coversWholeDocument: { type: 'boolean' },
                  modifiedAfterSigning: { type: 'boolean' },
                },
              },
            },
          },
        },
      },
    },
    paths: {
      '/healthz': {
        get: { summary: 'The process runs', responses: { 200: json({ type: 'object' }) } },
      },
      '/readyz': {
        get: {
          summary: 'Temporal and MongoDB answer',
          responses: { 200: json({ type: 'object' }), ...errors('DEPENDENCY_UNAVAILABLE') },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { 200: json({ type: 'object' }) } },
      },
      '/api/pki/roots': {
        get: {
          summary: 'The root certificates every document chains to',
          responses: {
            200: {
              description: 'PEM',
              content: { 'application/x-pem-file': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/api/pki/crl/{file}': {
        get: {
          summary:
            'A CRL of the deployment’s CAs (root.crl, officials.crl, seals.crl, citizens.crl)',
          parameters: [pathParam('file', 'root.crl | officials.crl | seals.crl | citizens.crl')],
          responses: {
            200: { description: 'DER CRL', content: { 'application/pkix-crl': {} } },
            ...errors('NOT_FOUND'),
          },
        },
      },
      '/api/procedures': {
        get: {
          summary:
            'The procedure catalogue (chain, SLA in working days, documents, e-form JSON Schema)',
          responses: { 200: json({ type: 'array', items: { type: 'object' } }) },
        },
      },
      '/api/units': {
        get: {
          summary: 'Wards and departments',
          responses: { 200: json({ type: 'array', items: { type: 'object' } }) },
        },
      },
      '/api/applicant-certificates': {
        post: {
          summary:
            'The development citizen CA certifies an applicant’s public key (off in production)',
          requestBody: body({
            type: 'object',
            required: ['fullName', 'idNumber', 'publicKeyPem'],
            properties: {
              fullName: { type: 'string' },
              idNumber: { type: 'string' },
              publicKeyPem: { type: 'string' },
            },
          }),
          responses: {
            201: json(
              {
                type: 'object',
                properties: { certificatePem: { type: 'string' }, chainPem: { type: 'string' } },
              },
              'Issued',
            ),
            ...errors('VALIDATION_FAILED', 'FORBIDDEN', 'RATE_LIMITED'),
          },
        },
      },
      '/api/applications/prepare': {
        post: {
          summary: 'Step 1 of a signed application: validate, render the form, return what to sign',
          requestBody: body({
            type: 'object',
            required: ['procedureCode', 'wardCode', 'applicant', 'form', 'signerCertificatePem'],
            properties: {
              procedureCode: { type: 'string' },
              wardCode: { type: 'string' },
              applicant: ref('Applicant'),
              form: { type: 'object' },
              attachedDocumentCodes: { type: 'array', items: { type: 'string' } },
              signerCertificatePem: { type: 'string' },
            },
          }),
          responses: {
            201: json(
              {
                type: 'object',
                properties: {
                  applicationId: { type: 'string' },
                  formPdfUrl: { type: 'string' },
                  toBeSigned: { type: 'string', contentEncoding: 'base64' },
                  digestAlgorithm: { const: 'SHA-256' },
                  expiresAt: { type: 'string', format: 'date-time' },
                },
              },
              'Prepared',
            ),
            ...errors('VALIDATION_FAILED', 'RATE_LIMITED', 'DEPENDENCY_UNAVAILABLE'),
          },
        },
      },
      '/api/applications/{applicationId}/form.pdf': {
        get: {
          summary: 'The unsigned application form, to read before signing',
          parameters: [pathParam('applicationId', 'From prepare')],
          responses: { 200: pdf('The form'), ...errors('NOT_FOUND') },
        },
      },
      '/api/applications/{applicationId}/submit': {
        post: {
          summary: 'Step 2: the signature value and the attachments; starts the case',
          parameters: [
            pathParam('applicationId', 'From prepare'),
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: body(
            {
              type: 'object',
              required: ['signature'],
              properties: {
                signature: { type: 'string', description: 'base64 signature of toBeSigned' },
                attachments,
              },
            },
            'multipart/form-data',
          ),
          responses: {
            201: json({ type: 'object' }, 'The case was started'),
            200: json({ type: 'object' }, 'The same request again (Idempotency-Key)'),
            ...errors(
              'VALIDATION_FAILED',
              'SIGNATURE_INVALID',
              'NOT_FOUND',
              'WRONG_STAGE',
              'IDEMPOTENCY_CONFLICT',
              'TOO_LARGE',
              'UNSUPPORTED_MEDIA_TYPE',
              'DEPENDENCY_UNAVAILABLE',
            ),
          },
        },
      },
      '/api/cases/{code}': {
        get: {
          summary:
            'A case: the applicant’s view with the tracking token, the full case for officials of its units',
          parameters: [pathParam('code', 'Dossier code'), trackingToken],
          security: [{}, ...bearer],
          responses: {
            200: json(ref('Case')),
            ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'),
          },
        },
      },
      '/api/cases/{code}/documents/{documentId}': {
        get: {
          summary: 'A signed document of the case (or an attachment)',
          parameters: [
            pathParam('code', 'Dossier code'),
            pathParam('documentId', 'From the case'),
            trackingToken,
          ],
          security: [{}, ...bearer],
          responses: {
            200: pdf('The document'),
            ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'),
          },
        },
      },
      '/api/cases/{code}/supplement': {
        post: {
          summary: 'The applicant answers a supplement request with a note and the missing files',
          parameters: [pathParam('code', 'Dossier code'), trackingToken],
          requestBody: body(
            {
              type: 'object',
              properties: {
                note: { type: 'string' },
                attachments,
              },
            },
            'multipart/form-data',
          ),
          responses: {
            200: json(ref('Case')),
            ...errors(
              'VALIDATION_FAILED',
              'UNAUTHENTICATED',
              'NOT_FOUND',
              'WRONG_STAGE',
              'TOO_LARGE',
              'UNSUPPORTED_MEDIA_TYPE',
            ),
          },
        },
      },
      '/api/cases/{code}/withdraw': {
        post: {
          summary: 'The applicant withdraws the dossier before a decision',
          parameters: [pathParam('code', 'Dossier code'), trackingToken],
          requestBody: body({
            type: 'object',
            required: ['reason'],
            properties: { reason: { type: 'string' } },
          }),
          responses: {
            200: json(ref('Case')),
            ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'WRONG_STAGE'),
          },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'An official signs in',
          requestBody: body({
            type: 'object',
            required: ['username', 'password'],
            properties: { username: { type: 'string' }, password: { type: 'string' } },
          }),
          responses: {
            200: json({
              type: 'object',
              properties: {
                token: { type: 'string' },
                expiresAt: { type: 'string' },
                official: { type: 'object' },
              },
            }),
            ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED'),
          },
        },
      },
      '/api/inbox': {
        get: {
          summary: 'The cases the official can act on now, most urgent first',
          security: bearer,
          responses: {
            200: json({ type: 'array', items: { type: 'object' } }),
            ...errors('UNAUTHENTICATED'),
          },
        },
      },
      '/api/cases/{code}/actions': {
        post: {
          summary:
            'An official’s action; approve and reject are signed (PIN, or an awaited remote or token signature)',
          security: bearer,
          parameters: [pathParam('code', 'Dossier code')],
          requestBody: body({
            type: 'object',
            required: ['action'],
            properties: {
              action: { enum: [...OFFICIAL_ACTIONS] },
              note: { type: 'string' },
              reason: { type: 'string' },
              missingDocuments: { type: 'array', items: { type: 'string' } },
              pin: { type: 'string' },
              signingMethod: {
                enum: ['PIN', 'REMOTE', 'TOKEN'],
                description:
                  'Default: the official’s own. REMOTE and TOKEN answer at once with `pendingSignature`; the approval completes when the signer confirms.',
              },
            },
          }),
          responses: {
            200: json(ref('Case')),
            ...errors(
              'VALIDATION_FAILED',
              'UNAUTHENTICATED',
              'BAD_PIN',
              'FORBIDDEN',
              'NOT_FOUND',
              'WRONG_STAGE',
              'LOCKED',
            ),
          },
        },
      },
      '/api/cases/{code}/signature': {
        get: {
          summary: 'The awaited token signature: what the official’s token must sign',
          security: bearer,
          parameters: [pathParam('code', 'Dossier code')],
          responses: {
            200: json({
              type: 'object',
              properties: {
                key: { type: 'string' },
                method: { enum: ['REMOTE', 'TOKEN'] },
                certificatePem: { type: 'string' },
                items: {
                  type: 'array',
                  items: { type: 'object', properties: { toBeSigned: { type: 'string' } } },
                },
              },
            }),
            ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'WRONG_STAGE'),
          },
        },
        post: {
          summary:
            'The token’s signature values (base64, in the order of items); answers with the case',
          security: bearer,
          parameters: [pathParam('code', 'Dossier code')],
          requestBody: body({
            type: 'object',
            required: ['signatures'],
            properties: { signatures: { type: 'array', items: { type: 'string' } } },
          }),
          responses: {
            200: json(ref('Case')),
            ...errors(
              'VALIDATION_FAILED',
              'SIGNATURE_INVALID',
              'UNAUTHENTICATED',
              'FORBIDDEN',
              'WRONG_STAGE',
            ),
          },
        },
      },
      '/api/cases/{code}/signature/cancel': {
        post: {
          summary:
            'Cancels the awaited signature (to sign another way); the case stays where it was',
          security: bearer,
          parameters: [pathParam('code', 'Dossier code')],
          responses: {
            200: json(ref('Case')),
            ...errors('UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'WRONG_STAGE'),
          },
        },
      },
      '/api/signing/methods': {
        get: {
          summary:
            'How applicants can sign here: development key, PKCS#12, token, remote signing services',
          responses: { 200: json({ type: 'object' }) },
        },
      },
      '/api/remote-signing/certificate': {
        post: {
          summary: 'The certificate (and chain) of a credential at a remote signing service',
          requestBody: body({
            type: 'object',
            required: ['provider'],
            properties: {
              provider: { type: 'string' },
              credentialId: { type: 'string' },
              userId: { type: 'string' },
            },
          }),
          responses: {
            200: json({
              type: 'object',
              properties: { credentialId: { type: 'string' }, certificatePem: { type: 'string' } },
            }),
            ...errors('VALIDATION_FAILED', 'DEPENDENCY_UNAVAILABLE'),
          },
        },
      },
      '/api/applications/{applicationId}/remote-signature': {
        post: {
          summary: 'Asks the remote signing service to sign this application’s toBeSigned',
          parameters: [pathParam('applicationId', 'From prepare')],
          requestBody: body({
            type: 'object',
            required: ['provider', 'credentialId'],
            properties: { provider: { type: 'string' }, credentialId: { type: 'string' } },
          }),
          responses: {
            200: json(ref('RemoteSignature')),
            ...errors('VALIDATION_FAILED', 'NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'),
          },
        },
        get: {
          summary: 'Where the remote signature stands (poll while the signer confirms)',
          parameters: [pathParam('applicationId', 'From prepare')],
          responses: {
            200: json(ref('RemoteSignature')),
            ...errors('NOT_FOUND', 'DEPENDENCY_UNAVAILABLE'),
          },
        },
      },
      '/api/supervision/cases': {
        get: {
          summary: 'Supervisors: cases to chase, with why they are stuck',
          security: bearer,
          parameters: ['filter', 'unit', 'stage', 'limit', 'cursor'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: name === 'filter' ? { enum: ['overdue', 'stuck', 'all'] } : { type: 'string' },
          })),
          responses: {
            200: json({
              type: 'object',
              properties: { items: { type: 'array' }, nextCursor: { type: ['string', 'null'] } },
            }),
            ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'),
          },
        },
      },
      '/api/supervision/stats': {
        get: {
          summary:
            'Supervisors: per ward, received / completed / on time / late / in progress / overdue / on-time rate',
          security: bearer,
          parameters: ['from', 'to', 'unit'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          })),
          responses: {
            200: json({ type: 'array' }),
            ...errors('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'),
          },
        },
      },
      '/api/cases/{code}/reassign': {
        post: {
          summary: 'Supervisors: give the case’s current stage to another official of its unit',
          security: bearer,
          parameters: [pathParam('code', 'Dossier code')],
          requestBody: body({
            type: 'object',
            required: ['toOfficialId'],
            properties: { toOfficialId: { type: 'string' }, note: { type: 'string' } },
          }),
          responses: {
            200: json(ref('Case')),
            ...errors(
              'VALIDATION_FAILED',
              'UNAUTHENTICATED',
              'FORBIDDEN',
              'NOT_FOUND',
              'WRONG_STAGE',
            ),
          },
        },
      },
      '/api/verify': {
        post: {
          summary: 'Verify every signature of a PDF against this deployment’s roots and CRLs',
          requestBody: body(
            { type: 'string', format: 'binary', maxLength: 20 * 1024 * 1024 },
            'application/pdf',
          ),
          responses: {
            200: json(ref('VerificationReport')),
            ...errors('VALIDATION_FAILED', 'TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED'),
          },
        },
      },
    },
  };
}

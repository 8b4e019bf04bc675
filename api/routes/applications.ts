/**
 * The applicant's side of API.md: a certificate from the development citizen CA, the two-step
 * signed application (prepare → the applicant signs `toBeSigned` → submit with attachments), the
 * unsigned form to look at before signing. The services in services/applications/ do the work
 * and raise the contract's error codes; these routes only parse HTTP.
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import {
  applicationProblems,
  issueApplicantCertificate,
  prepareApplication,
  readApplicationForm,
  submitApplication,
} from '../../services/applications';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import type { Dependencies } from '../dependencies';
import { ApiError, validationFailed } from '../errors';
import { mount, mountChecked, type RawInput } from '../route';
import { rateLimit } from '../rate-limit';
import { caseChanged } from '../read-cache';

export const ATTACHMENT_LIMITS = { fileSize: 10 * 1024 * 1024, files: 20 } as const;

/** multipart/form-data with files `attachments` (a submission, a supplement). */
export function attachmentsBody(usage: string): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { ...ATTACHMENT_LIMITS, fields: 10, fieldSize: 64 * 1024, parts: 40 },
  }).fields([{ name: 'attachments', maxCount: ATTACHMENT_LIMITS.files }]);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new ApiError('UNSUPPORTED_MEDIA_TYPE', say('body.multipart', { usage })));
      return;
    }
    upload(req, res, (err: unknown) => {
      if (!err) {
        next();
        return;
      }
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        next(new ApiError('TOO_LARGE', say('attachments.tooLarge')));
      } else if (
        err instanceof multer.MulterError &&
        (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE')
      ) {
        next(
          new ApiError(
            'VALIDATION_FAILED',
            say('attachments.tooMany', { max: ATTACHMENT_LIMITS.files }),
            [
              {
                field: err.field ?? 'attachments',
                message: say('attachments.tooMany', { max: ATTACHMENT_LIMITS.files }),
              },
            ],
          ),
        );
      } else {
        // Any other refusal of the parser (a truncated body, a bad boundary, a malformed part
        // header, too many parts): the request is malformed, not the server broken.
        next(new ApiError('VALIDATION_FAILED', say('body.multipartBroken')));
      }
    });
  };
}

/** The `attachments` files of a multipart request (names arrive Latin-1 decoded; UTF-8 is meant). */
export function uploadedAttachments(
  req: Request,
): Array<{ fileName: string; contentType: string; bytes: Buffer }> {
  const files = (req.files as Record<string, Express.Multer.File[]> | undefined)?.attachments;
  return (files ?? []).map((f) => ({
    fileName: Buffer.from(f.originalname, 'latin1').toString('utf8'),
    contentType: f.mimetype,
    bytes: f.buffer,
  }));
}

export function applicationRoutes(deps: Dependencies): Router {
  const router = Router();
  const services = {
    config: deps.config,
    client: deps.temporal,
    workerAvailable: deps.workerAvailable,
  };
  // Issuing certificates and rendering forms cost CPU and are open to anyone.
  const costly = rateLimit({ windowMs: 60_000, max: 30 });

  mount(router, OPERATIONS.applicantCertificate, costly, async ({ body }, _req, res) => {
    res.status(201).json(await issueApplicantCertificate(services, body));
  });

  // The service's checks (procedure, ward, e-form, certificate) join the contract's shape checks.
  const serviceCheck = (raw: RawInput) => applicationProblems(services, raw.body);

  mountChecked(
    router,
    OPERATIONS.checkApplication,
    serviceCheck,
    costly,
    async ({ body }, _req, res) => {
      const problems = await applicationProblems(services, body);
      if (problems.length > 0) throw validationFailed(problems);
      res.json({ valid: true });
    },
  );

  mountChecked(
    router,
    OPERATIONS.prepareApplication,
    serviceCheck,
    costly,
    async ({ body }, _req, res) => {
      const prepared = await prepareApplication(services, body);
      res.status(201).json({
        applicationId: prepared.applicationId,
        formPdfUrl: `/api/applications/${prepared.applicationId}/form.pdf`,
        toBeSigned: prepared.toBeSigned,
        digestAlgorithm: prepared.digestAlgorithm,
        expiresAt: prepared.expiresAt,
      });
    },
  );

  mount(router, OPERATIONS.applicationForm, async ({ params }, _req, res) => {
    const form = await readApplicationForm(services, params.applicationId);
    res
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="${form.fileName}"`)
      .send(form.pdf);
  });

  mount(
    router,
    OPERATIONS.submitApplication,
    costly,
    attachmentsBody('field "signature", files "attachments"'),
    async ({ params, headers, body }, req, res) => {
      const key = headers['idempotency-key'];
      const submitted = await submitApplication(services, {
        applicationId: params.applicationId,
        signature: body.signature,
        attachments: uploadedAttachments(req),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      });
      const { replayed, ...answer } = submitted;
      caseChanged(answer.code); // a new case in its unit's inbox
      res.status(replayed ? 200 : 201).json(answer);
    },
  );

  return router;
}

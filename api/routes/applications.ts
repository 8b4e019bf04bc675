/**
 * The applicant's side of API.md: a certificate from the development citizen CA, the two-step
 * signed application (prepare → the applicant signs `toBeSigned` → submit with attachments), the
 * unsigned form to look at before signing. The services in activities/applications/ do the work
 * and raise the contract's error codes; these routes only parse HTTP.
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import {
  issueApplicantCertificate,
  prepareApplication,
  readApplicationForm,
  submitApplication,
} from '../../activities/applications';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { rateLimit } from '../rate-limit';

export const ATTACHMENT_LIMITS = { fileSize: 10 * 1024 * 1024, files: 20 } as const;

/** multipart/form-data with files `attachments` (a submission, a supplement). */
export function attachmentsBody(usage: string): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { ...ATTACHMENT_LIMITS, fields: 10, fieldSize: 64 * 1024, parts: 40 },
  }).fields([{ name: 'attachments', maxCount: ATTACHMENT_LIMITS.files }]);
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new ApiError('UNSUPPORTED_MEDIA_TYPE', `Send multipart/form-data (${usage}).`));
      return;
    }
    upload(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') {
          next(new ApiError('TOO_LARGE', 'An attachment is larger than 10 MB.'));
        } else if (err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE') {
          next(
            new ApiError('VALIDATION_FAILED', `At most ${ATTACHMENT_LIMITS.files} attachments.`, [
              { field: err.field ?? 'attachments', message: err.message },
            ]),
          );
        } else {
          next(new ApiError('VALIDATION_FAILED', `The form data is not accepted: ${err.message}.`));
        }
        return;
      }
      next(err);
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

  router.post('/api/applicant-certificates', costly, async (req, res) => {
    res.status(201).json(await issueApplicantCertificate(services, req.body));
  });

  router.post('/api/applications/prepare', costly, async (req, res) => {
    const prepared = await prepareApplication(services, req.body);
    res.status(201).json({
      applicationId: prepared.applicationId,
      formPdfUrl: `/api/applications/${prepared.applicationId}/form.pdf`,
      toBeSigned: prepared.toBeSigned,
      digestAlgorithm: prepared.digestAlgorithm,
      expiresAt: prepared.expiresAt,
    });
  });

  router.get('/api/applications/:applicationId/form.pdf', async (req, res) => {
    const form = await readApplicationForm(services, req.params.applicationId);
    res
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="${form.fileName}"`)
      .send(form.pdf);
  });

  router.post(
    '/api/applications/:applicationId/submit',
    costly,
    attachmentsBody('field "signature", files "attachments"'),
    async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const key = req.get('Idempotency-Key');
      const submitted = await submitApplication(services, {
        applicationId: req.params.applicationId as string,
        signature: body.signature as string,
        attachments: uploadedAttachments(req),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      });
      const { replayed, ...answer } = submitted;
      res.status(replayed ? 200 : 201).json(answer);
    },
  );

  return router;
}

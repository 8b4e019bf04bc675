/**
 * `POST /api/verify` (public): the report on every signature of a PDF — who signed, when, whether
 * it changed since, whether it chains to this deployment's roots and is not revoked. Verification
 * runs in a worker thread within the limits of signing/pdf/limits.ts (413 when a PDF is over one).
 */
import express, { Router } from 'express';
import { verificationMaterial } from '../../activities/pki';
import {
  isSigningError,
  parseKek,
  PdfLimitError,
  verifyPdfIsolated,
  type SignatureReport,
} from '../../signing';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import type { Dependencies } from '../dependencies';
import { mount } from '../route';
import { ApiError } from '../errors';
import { pdfLimitError } from '../pdf-limits';
import { rateLimit } from '../rate-limit';

export const VERIFY_BODY_LIMIT = 20 * 1024 * 1024;

/** The contract's fields of a signature, plus the few that help a reader (level, title, errors). */
function publicReport(s: SignatureReport): Record<string, unknown> {
  return {
    fieldName: s.fieldName,
    signerName: s.signerName,
    organization: s.organization,
    title: s.title,
    signedAt: s.signedAt,
    integrity: s.integrity,
    chain: s.chain,
    coversWholeDocument: s.coversWholeDocument,
    modifiedAfterSigning: s.modifiedAfterSigning,
    padesLevel: s.padesLevel,
    level: s.level,
    timestampedAt: s.timestampedAt,
    message: s.message,
    ...(s.revokedAt ? { revokedAt: s.revokedAt } : {}),
    errors: s.errors,
  };
}

export function verifyRoutes(deps: Dependencies): Router {
  const router = Router();
  const kek = parseKek(deps.config.keyEncryptionKey);

  mount(
    router,
    OPERATIONS.verify,
    // Verification costs CPU and is open to anyone: a per-client budget.
    rateLimit({ windowMs: 60_000, max: 60 }),
    (req, _res, next) => {
      if (!req.is('application/pdf')) {
        next(new ApiError('UNSUPPORTED_MEDIA_TYPE', say('verify.pdfBody')));
        return;
      }
      next();
    },
    express.raw({ type: 'application/pdf', limit: VERIFY_BODY_LIMIT }),
    async ({ body }, _req, res) => {
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new ApiError('VALIDATION_FAILED', say('verify.empty'));
      }
      const material = await verificationMaterial(kek);
      if (!material) throw new ApiError('DEPENDENCY_UNAVAILABLE', say('pki.notSetUp'));
      try {
        // In a worker thread, within the limits on decompression, objects, pages, nesting, time
        // and memory: a hostile PDF costs that thread, never the API's event loop.
        const report = await verifyPdfIsolated(body, material);
        res.json({
          valid: report.valid,
          level: report.level,
          message: report.message,
          signatures: report.signatures.map(publicReport),
          documentTimestamps: report.documentTimestamps.map((t) => ({
            fieldName: t.fieldName,
            timestampedAt: t.timestampedAt,
            integrity: t.integrity,
            chain: t.chain,
            tsaName: t.tsaName,
            errors: t.errors,
          })),
        });
      } catch (err) {
        if (err instanceof PdfLimitError) throw pdfLimitError(err.limit);
        if (isSigningError(err) && err.code === 'NOT_PDF') {
          throw new ApiError('UNSUPPORTED_MEDIA_TYPE', say('verify.notPdf'));
        }
        if (isSigningError(err) && (err.code === 'ENCRYPTED_PDF' || err.code === 'MALFORMED_PDF')) {
          throw new ApiError(
            'VALIDATION_FAILED',
            say(err.code === 'ENCRYPTED_PDF' ? 'verify.encrypted' : 'verify.damaged'),
          );
        }
        throw err;
      }
    },
  );
  return router;
}

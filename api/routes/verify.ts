/**
 * `POST /api/verify` (public): the report on every signature of a PDF — who signed, when, whether
 * it changed since, whether it chains to this deployment's roots and is not revoked.
 */
import express, { Router } from 'express';
import { verificationMaterial } from '../../activities/pki';
import { isSigningError, parseKek, verifyPdf, type SignatureReport } from '../../signing';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
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

  router.post(
    '/api/verify',
    // Verification costs CPU and is open to anyone: a per-client budget.
    rateLimit({ windowMs: 60_000, max: 60 }),
    (req, _res, next) => {
      if (!req.is('application/pdf')) {
        next(
          new ApiError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the PDF itself as the request body, with Content-Type: application/pdf.',
          ),
        );
        return;
      }
      next();
    },
    express.raw({ type: 'application/pdf', limit: VERIFY_BODY_LIMIT }),
    async (req, res) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new ApiError('VALIDATION_FAILED', 'The request body is empty; send a PDF.');
      }
      const material = await verificationMaterial(kek);
      if (!material) {
        throw new ApiError('DEPENDENCY_UNAVAILABLE', 'The PKI has not been set up yet.');
      }
      try {
        const report = await verifyPdf(body, material);
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
        if (isSigningError(err) && err.code === 'NOT_PDF') {
          throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'This file is not a PDF.');
        }
        if (isSigningError(err) && (err.code === 'ENCRYPTED_PDF' || err.code === 'MALFORMED_PDF')) {
          throw new ApiError(
            'VALIDATION_FAILED',
            err.code === 'ENCRYPTED_PDF'
              ? 'This PDF is encrypted; signed documents of this system never are.'
              : 'Tệp PDF bị hỏng hoặc bị cắt cụt, không đọc được (This PDF is damaged or truncated and cannot be read).',
          );
        }
        throw err;
      }
    },
  );
  return router;
}

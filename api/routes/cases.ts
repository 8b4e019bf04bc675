/**
 * Following a case as its applicant (API.md "Following a case"): the dossier code plus the
 * tracking token given at submission (header `X-Tracking-Token`) show the case and serve its signed
 * documents. A wrong token and an unknown code answer alike (404), so codes cannot be probed.
 */
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import { trackingTokenHash } from '../../activities/applications';
import { readDocument } from '../../activities/documents/storage';
import { CaseModel, type CaseDoc } from '../../models/case';
import { ApiError } from '../errors';
import { rateLimit } from '../rate-limit';

const CODE = /^[A-Za-z0-9.-]{1,80}$/;

/** The case as API.md shows it to its applicant (no identity number, phone or form). */
export function applicantCaseView(doc: CaseDoc): Record<string, unknown> {
  return {
    code: doc.code,
    procedureCode: doc.procedureCode,
    procedureName: doc.procedureName,
    wardCode: doc.wardCode,
    departmentCode: doc.departmentCode,
    applicant: { fullName: doc.applicant?.fullName ?? null },
    stage: doc.stage,
    outcome: doc.outcome ?? null,
    submittedAt: doc.submittedAt,
    dueAt: doc.dueAt,
    stageDueAt: doc.stageDueAt ?? null,
    overdue: doc.overdue ?? false,
    timeline: (doc.timeline ?? []).map((t) => ({
      at: t.at,
      stage: t.stage,
      action: t.action,
      actor: t.actor
        ? { name: t.actor.name, title: t.actor.title, unitCode: t.actor.unitCode }
        : null,
      note: t.note ?? null,
    })),
    documents: (doc.documents ?? []).map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      createdAt: d.createdAt,
      signatures: d.signatures.map((s) => ({
        signerName: s.signerName,
        role: s.role,
        signedAt: s.signedAt,
      })),
    })),
  };
}

/** The case named in the path, when the request carries its tracking token. */
async function caseOfApplicant(req: Request): Promise<CaseDoc> {
  const token = req.get('X-Tracking-Token');
  if (!token) {
    throw new ApiError(
      'UNAUTHENTICATED',
      'Send the tracking token given at submission (X-Tracking-Token).',
    );
  }
  const code = req.params.code as string;
  const doc = CODE.test(code) ? await CaseModel.findById(code).lean<CaseDoc>() : null;
  const expected = Buffer.from(doc?.trackingTokenHash ?? '', 'hex');
  const given = Buffer.from(trackingTokenHash(token), 'hex');
  if (!doc || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new ApiError('NOT_FOUND', 'No case has this code and tracking token.');
  }
  if (!doc.stage) {
    // Submitted a moment ago: the workflow has not written its first state yet.
    throw new ApiError(
      'DEPENDENCY_UNAVAILABLE',
      'The case is being opened; try again in a moment.',
    );
  }
  return doc;
}

export function caseRoutes(): Router {
  const router = Router();
  // Tokens are long and random; the limit keeps guessing and scraping slow.
  const limited = rateLimit({ windowMs: 60_000, max: 120 });

  router.get('/api/cases/:code', limited, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(applicantCaseView(await caseOfApplicant(req)));
  });

  router.get('/api/cases/:code/documents/:documentId', limited, async (req, res) => {
    const doc = await caseOfApplicant(req);
    const id = req.params.documentId as string;
    const listed = (doc.documents ?? []).find((d) => d.id === id);
    const stored = listed ? await readDocument(id) : null;
    if (!listed || !stored || stored.doc.caseCode !== doc.code) {
      throw new ApiError('NOT_FOUND', 'This case has no such document.');
    }
    const fileName =
      listed.kind === 'ATTACHMENT'
        ? stored.doc.fileName
        : `${doc.code}-${listed.kind.toLowerCase().replace(/_/g, '-')}.pdf`;
    res.setHeader('Cache-Control', 'no-store');
    res
      .type(stored.doc.contentType)
      .setHeader(
        'Content-Disposition',
        `inline; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .send(stored.bytes);
  });
  return router;
}

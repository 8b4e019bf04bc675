/**
 * Officials (API.md "Officials"): sign in, the inbox of cases they can act on now, and actions on a
 * case. An action is checked against the read model first (the workflow's own validator, so that
 * a wrong stage, role or unit costs no PIN attempt), then a signed one gets its one-time grant from
 * the PIN, then the workflow's Update decides for good and answers with the case.
 */
import { Router } from 'express';
import { authorizeSigning } from '../../activities/signing-grants';
import { STAGE_LABELS } from '../../domain/stages';
import type { Role, Stage } from '../../domain/types';
import { CaseModel, type CaseDoc } from '../../models/case';
import { OfficialModel, signingMethodOf, toActor } from '../../models/official';
import { parseKek } from '../../signing';
import { actUpdate, caseStateQuery, type ActionRequest } from '../../workflows/messages';
import { checkAction } from '../../workflows/validation';
import { verifyPassword } from '../auth/passwords';
import { requireOfficial } from '../auth/officials';
import { issueToken } from '../auth/tokens';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { rateLimit } from '../rate-limit';
import { callCase, REFUSAL_CODES } from '../workflow-errors';
import { officialCaseView } from './cases';
import { chooseSigningMethod, signingMethodsOf } from './signatures';

/** Compared against when the username is unknown, so that both answers take as long. */
const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The stages in which each role acts, for the inbox. */
const INBOX_STAGES: Partial<Record<Role, Stage[]>> = {
  RECEIVER: ['VERIFICATION', 'RESULT_READY'],
  WARD_APPROVER: ['WARD_APPROVAL'],
  DEPARTMENT_APPROVER: ['DEPARTMENT_APPROVAL'],
};

export function officialRoutes(deps: Dependencies): Router {
  const router = Router();
  const secret = deps.config.authTokenSecret;
  const kek = parseKek(deps.config.keyEncryptionKey);

  router.post('/api/auth/login', rateLimit({ windowMs: 60_000, max: 10 }), async (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) {
      throw new ApiError('VALIDATION_FAILED', 'Give the username and the password.', [
        ...(typeof username === 'string' && username
          ? []
          : [{ field: 'username', message: 'is required' }]),
        ...(typeof password === 'string' && password
          ? []
          : [{ field: 'password', message: 'is required' }]),
      ]);
    }
    const official = await OfficialModel.findOne({ username: username.trim() }).lean();
    const ok = await verifyPassword(password, official?.passwordHash ?? DUMMY_HASH);
    if (!official || !official.active || !ok) {
      throw new ApiError('UNAUTHENTICATED', 'The username or the password is not correct.');
    }
    const { token, expiresAt } = issueToken(official._id, secret, deps.config.authTokenTtlSeconds);
    deps.logger.info({ official: official._id }, 'official signed in');
    res.json({
      token,
      expiresAt: expiresAt.toISOString(),
      official: toActor(official),
      signingMethod: signingMethodOf(official),
      signingMethods: signingMethodsOf(official),
    });
  });

  router.get('/api/inbox', async (req, res) => {
    const official = await requireOfficial(req, secret);
    const stages = official.roles.flatMap((r) => INBOX_STAGES[r] ?? []);
    const cases =
      stages.length === 0 || !official.unitCode
        ? []
        : await CaseModel.find({ stage: { $in: stages }, stageUnitCode: official.unitCode })
            .sort({ stageDueAt: 1 })
            .limit(500)
            .lean<CaseDoc[]>();
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      cases
        .filter((c) => !c.assignee || c.assignee.id === official._id)
        .map((c) => ({
          code: c.code,
          procedureCode: c.procedureCode,
          procedureName: c.procedureName,
          applicantName: c.applicant?.fullName ?? null,
          stage: c.stage,
          stageLabel: STAGE_LABELS[c.stage],
          stageDueAt: c.stageDueAt,
          overdue: c.overdue,
          atRisk: c.atRisk,
        })),
    );
  });

  router.post('/api/cases/:code/actions', async (req, res) => {
    const official = await requireOfficial(req, secret);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const doc = await CaseModel.findById(req.params.code).lean<CaseDoc>();
    if (!doc?.stage) throw new ApiError('NOT_FOUND', 'No such case.');
    const actor = toActor(official);
    const request: ActionRequest = {
      action: body.action as ActionRequest['action'],
      actor,
      ...(typeof body.note === 'string' ? { note: body.note.normalize('NFC') } : {}),
      ...(typeof body.reason === 'string' ? { reason: body.reason.normalize('NFC') } : {}),
      ...(Array.isArray(body.missingDocuments)
        ? {
            missingDocuments: body.missingDocuments.map((d) =>
              typeof d === 'string' ? d.normalize('NFC') : d,
            ),
          }
        : {}),
    };
    const signed = request.action === 'approve' || request.action === 'reject';
    const handle = deps.temporal.workflow.getHandle(doc.code);
    // The workflow's own rules on its current state (the query, not the read model, which may lag):
    // a wrong stage, role or unit costs no PIN attempt.
    const current = await callCase(deps, doc.code, () => handle.query(caseStateQuery));
    const verdict = checkAction(current, {
      ...request,
      ...(signed ? { signingGrant: 'pending' } : {}),
    });
    if (verdict.kind === 'duplicate') {
      res.json(officialCaseView({ ...doc, ...current }, actor));
      return;
    }
    if (verdict.kind === 'refuse') {
      throw new ApiError(
        REFUSAL_CODES[verdict.refusal.type] ?? 'WRONG_STAGE',
        verdict.refusal.message,
      );
    }
    const method = signed
      ? chooseSigningMethod(
          official,
          body.signingMethod,
          typeof body.pin === 'string' && body.pin !== '',
        )
      : null;
    if (method === 'REMOTE' || method === 'TOKEN') request.signingMethod = method;
    else if (signed) {
      if (typeof body.pin !== 'string' || body.pin.length === 0) {
        throw new ApiError('VALIDATION_FAILED', `"${request.action}" is signed: give your PIN.`, [
          { field: 'pin', message: 'is required' },
        ]);
      }
      request.signingGrant = await authorizeSigning({
        officialId: official._id,
        caseCode: doc.code,
        pin: body.pin,
        kek,
      });
    }
    const state = await callCase(deps, doc.code, () =>
      handle.executeUpdate(actUpdate, { args: [request] }),
    );
    res.json(officialCaseView({ ...doc, ...state }, actor));
  });

  return router;
}

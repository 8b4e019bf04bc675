/**
 * Officials (API.md "Officials"): sign in, the inbox of cases they can act on now, and actions on a
 * case. An action is checked against the read model first (the workflow's own validator, so that
 * a wrong stage, role or unit costs no PIN attempt), then a signed one gets its one-time grant from
 * the PIN, then the workflow's Update decides for good and answers with the case.
 */
import { Router } from 'express';
import { authorizeSigning } from '../../activities/signing-grants';
import type { Role, Stage } from '../../domain/types';
import { CaseModel, type CaseDoc } from '../../models/case';
import { OfficialModel, signingMethodOf, toActor } from '../../models/official';
import { parseKek } from '../../signing';
import { actUpdate, caseStateQuery, type ActionRequest } from '../../workflows/messages';
import { actorRef } from '../../workflows/state';
import { checkActor, checkFields } from '../../workflows/validation';
import { verifyPassword } from '../auth/passwords';
import { requireOfficial } from '../auth/officials';
import {
  reserveSignIn,
  signInFailed,
  signInNotChecked,
  signInSucceeded,
} from '../auth/sign-in-limits';
import { issueToken } from '../auth/tokens';
import { clientAddress } from '../client-address';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { inboxPage } from '../inbox';
import { cachedInbox, freshCase } from '../read-cache';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';
import { callCase, REFUSAL_CODES, updateCase } from '../workflow-errors';
import { caseAfter } from '../case-answer';
import { mayReadCase, officialCaseView } from './cases';
import { chooseSigningMethod, signingMethodsOf } from './signatures';
import { previewDocument } from '../../services/documents/preview';

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

  mount(router, OPERATIONS.login, async ({ body: { username, password } }, req, res) => {
    // Counted before the password is checked; a right one gives its count back.
    const attempt = await reserveSignIn(username, clientAddress(req));
    let ok: boolean;
    let official;
    try {
      official = await OfficialModel.findOne({ username }).lean();
      ok = await verifyPassword(password, official?.passwordHash ?? DUMMY_HASH);
    } catch (err) {
      await signInNotChecked(attempt);
      throw err;
    }
    if (!official || !official.active || !ok) {
      await signInFailed(attempt);
      throw new ApiError('UNAUTHENTICATED', say('auth.badCredentials'));
    }
    await signInSucceeded(attempt);
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

  mount(router, OPERATIONS.inbox, async ({ query }, req, res) => {
    const official = await requireOfficial(req, secret);
    const stages = official.roles.flatMap((r) => INBOX_STAGES[r] ?? []);
    const cases =
      stages.length === 0 || !official.unitCode ? [] : await cachedInbox(official.unitCode, stages);
    const mine = cases.filter((c) => !c.assignee || c.assignee.id === official._id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(inboxPage(mine, query, new Date()));
  });

  mount(router, OPERATIONS.preview, async ({ params, query }, req, res) => {
    const official = await requireOfficial(req, secret);
    const doc = await CaseModel.findById(params.code).lean<CaseDoc>();
    if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
    if (!mayReadCase(official, doc)) throw new ApiError('FORBIDDEN', say('case.otherUnits'));
    const actor = toActor(official);
    // The same rules as the action itself (a stage, role or unit that does not allow it).
    const byActor = checkActor(doc, params.action, actor);
    const verdict =
      byActor.kind === 'apply'
        ? checkFields(
            {
              action: params.action,
              actor,
              ...(query.reason !== undefined ? { reason: query.reason } : {}),
              ...(query.note !== undefined ? { note: query.note } : {}),
            },
            { required: false },
          )
        : byActor;
    if (verdict.kind === 'refuse')
      throw new ApiError(
        REFUSAL_CODES[verdict.refusal.type] ?? 'WRONG_STAGE',
        verdict.refusal.message,
      );
    const preview = await previewDocument({
      caseDoc: doc,
      action: params.action,
      official: actorRef(actor),
      ...(query.reason ? { reason: query.reason } : {}),
      ...(query.note ? { note: query.note } : {}),
      now: new Date(),
      publicBaseUrl: deps.config.publicBaseUrl,
    });
    res.setHeader('Cache-Control', 'no-store');
    res
      .type('application/pdf')
      .setHeader('Content-Disposition', `inline; filename="preview-${doc.code}.pdf"`)
      .send(preview.pdf);
  });

  mount(router, OPERATIONS.act, async ({ params, body }, req, res) => {
    const official = await requireOfficial(req, secret);
    const doc = await freshCase(params.code);
    if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
    // An official of another unit is refused before anything about the case (its stage) shows.
    if (!mayReadCase(official, doc)) throw new ApiError('FORBIDDEN', say('case.otherUnits'));
    const actor = toActor(official);
    const { pin, signingMethod, ...fields } = body as typeof body & {
      pin?: string;
      signingMethod?: 'PIN' | 'REMOTE' | 'TOKEN';
    };
    const request: ActionRequest = { ...fields, actor };
    const signed = request.action === 'approve' || request.action === 'reject';
    const handle = deps.temporal.workflow.getHandle(doc.code);
    // The workflow's own rules on its current state (the query, not the read model, which may lag):
    // a wrong stage, role or unit costs no PIN attempt.
    const current = await callCase(deps, doc.code, () => handle.query(caseStateQuery));
    const byActor = checkActor(current, request.action, request.actor);
    const verdict = byActor.kind === 'apply' ? checkFields(request, { grant: false }) : byActor;
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
    const method = signed ? chooseSigningMethod(official, signingMethod, !!pin) : null;
    if (method === 'REMOTE' || method === 'TOKEN') request.signingMethod = method;
    else if (signed) {
      if (pin === undefined) {
        const message = say('case.pinRequired', { action: request.action });
        throw new ApiError('VALIDATION_FAILED', message, [{ field: 'pin', message }]);
      }
      request.signingGrant = await authorizeSigning({
        officialId: official._id,
        caseCode: doc.code,
        pin,
        kek,
      });
    }
    const answer = await updateCase(deps, doc.code, actUpdate, [request]);
    res.json(officialCaseView(await caseAfter(deps, doc, answer), actor));
  });

  return router;
}

/**
 * Officials' awaited signatures over HTTP (docs/signing.md): which signing method an action
 * uses (the PIN and the server-held key, a remote signing service, a token), and, while a case
 * waits for a token's signature, what the official's browser must sign, the values it sends back,
 * and cancelling the request to choose another method. Each answer is the case.
 */
import { Router, type Request } from 'express';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import { CaseModel, type CaseDoc } from '../../models/case';
import { type OfficialDoc, toActor } from '../../models/official';
import { PendingSignatureModel, type PendingSignatureDoc } from '../../models/pending-signature';
import { NOT_GIVEN_MESSAGES } from '../../activities/documents/awaited';
import { checkClientSignatures, isSigningError, type SigningState } from '../../signing';
import {
  caseStateQuery,
  signatureSettledUpdate,
  type AwaitedSigningMethod,
} from '../../workflows/messages';
import type { CaseState } from '../../workflows/state';
import { requireOfficial } from '../auth/officials';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { mount } from '../route';
import { callCase } from '../workflow-errors';
import { caseAfter } from '../case-answer';
import { caseChanged } from '../read-cache';
import { officialCaseView } from './cases';

/** The ways an official can sign now (`PIN`: the server-held key). */
export function signingMethodsOf(
  official: Pick<OfficialDoc, 'signing' | 'signingMethod'>,
): Array<'PIN' | AwaitedSigningMethod> {
  const methods: Array<'PIN' | AwaitedSigningMethod> = [];
  const kind = official.signingMethod?.kind;
  if (kind === 'REMOTE' || kind === 'TOKEN') methods.push(kind);
  if (official.signing) methods.push('PIN');
  return methods;
}

/**
 * The method of a signed action: the one asked for (`signingMethod` in the body: PIN, REMOTE or
 * TOKEN), else the official's own (their profile's remote or token method first, then the PIN).
 */
export function chooseSigningMethod(
  official: Pick<OfficialDoc, 'signing' | 'signingMethod'>,
  asked: unknown,
  pinGiven: boolean,
): 'PIN' | AwaitedSigningMethod {
  const methods = signingMethodsOf(official);
  if (asked !== undefined) {
    if (asked !== 'PIN' && asked !== 'REMOTE' && asked !== 'TOKEN') {
      const message = say('signing.methodUnknown');
      throw new ApiError('VALIDATION_FAILED', message, [{ field: 'signingMethod', message }]);
    }
    if (!methods.includes(asked))
      throw new ApiError('FORBIDDEN', say('signing.methodNotYours', { method: asked }));
    return asked;
  }
  if (pinGiven && methods.includes('PIN')) return 'PIN';
  const [first] = methods;
  if (!first) throw new ApiError('FORBIDDEN', say('signing.noMethod'));
  return first;
}

async function pendingOf(
  req: Request,
  deps: Dependencies,
): Promise<{ official: OfficialDoc; doc: CaseDoc; state: CaseState; record: PendingSignatureDoc }> {
  const official = await requireOfficial(req, deps.config.authTokenSecret);
  const doc = await CaseModel.findById(String(req.params.code)).lean<CaseDoc>();
  if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
  const handle = deps.temporal.workflow.getHandle(doc.code);
  const state = await callCase(deps, doc.code, () => handle.query(caseStateQuery));
  const pending = state.pendingSignature;
  if (!pending || pending.status !== 'PENDING')
    throw new ApiError('WRONG_STAGE', say('signing.nothingAwaited'));
  if (pending.official.id !== official._id)
    throw new ApiError('FORBIDDEN', say('signing.notYours', { name: pending.official.name }));
  const record = await PendingSignatureModel.findById(
    `${doc.code}/${pending.key}`,
  ).lean<PendingSignatureDoc>();
  if (!record) throw new ApiError('DEPENDENCY_UNAVAILABLE', say('signing.preparing'));
  return { official, doc, state, record };
}

export function signatureRoutes(deps: Dependencies): Router {
  const router = Router();

  /** What the official's token must sign: the DER signed attributes of each document. */
  mount(router, OPERATIONS.awaitedSignature, async (_input, req, res) => {
    const { record, state } = await pendingOf(req, deps);
    const first = record.jobs[0]?.state as unknown as SigningState | undefined;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      key: record.key,
      method: record.method,
      status: record.status,
      expiresAt: state.pendingSignature?.expiresAt ?? null,
      certificatePem: first?.signerCertificatePem ?? null,
      digestAlgorithm: 'SHA-256',
      items: record.jobs.map((j) => ({ kind: j.kind, toBeSigned: j.toBeSigned })),
    });
  });

  /** The token's signature values, in the order of `items`; answers with the case once settled. */
  mount(router, OPERATIONS.tokenSignatures, async ({ body }, req, res) => {
    const { official, doc, record } = await pendingOf(req, deps);
    if (record.method !== 'TOKEN') throw new ApiError('WRONG_STAGE', say('signing.notByToken'));
    const raw = body.signatures;
    if (raw.length !== record.jobs.length) {
      const message = say('signing.valueCount', { count: record.jobs.length });
      throw new ApiError('VALIDATION_FAILED', message, [{ field: 'signatures', message }]);
    }
    const first = record.jobs[0]?.state as unknown as SigningState;
    let values: Buffer[];
    try {
      values = checkClientSignatures(
        first.signerCertificatePem,
        record.jobs.map((j) => Buffer.from(j.toBeSigned, 'base64')),
        raw.map((s) => Buffer.from(s, 'base64')),
      );
    } catch (err) {
      if (isSigningError(err, 'SIGNATURE_INVALID'))
        throw new ApiError('SIGNATURE_INVALID', say('signing.tokenMismatch'));
      throw err;
    }
    await PendingSignatureModel.updateOne(
      { _id: record._id, status: 'PENDING' },
      { $set: { clientSignatures: values.map((v) => v.toString('base64')) } },
    );
    res.json(await settled(deps, doc, official));
  });

  /** Cancels the awaited signature (to sign another way); the case stays where it was. */
  mount(router, OPERATIONS.cancelSignature, async (_input, req, res) => {
    const { official, doc, record } = await pendingOf(req, deps);
    await PendingSignatureModel.updateOne(
      { _id: record._id, status: { $in: ['STARTING', 'PENDING'] } },
      { $set: { status: 'CANCELLED', message: NOT_GIVEN_MESSAGES.CANCELLED } },
    );
    res.json(await settled(deps, doc, official));
  });

  return router;
}

async function settled(
  deps: Dependencies,
  doc: CaseDoc,
  official: OfficialDoc,
): Promise<Record<string, unknown>> {
  const handle = deps.temporal.workflow.getHandle(doc.code);
  const answer = await callCase(deps, doc.code, () => handle.executeUpdate(signatureSettledUpdate));
  caseChanged(doc.code);
  return officialCaseView(await caseAfter(deps, doc, answer), toActor(official));
}

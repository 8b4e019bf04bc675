/**
 * Following a case (API.md "Following a case"): the applicant with the dossier code plus the
 * tracking token given at submission (header `X-Tracking-Token`), or a signed-in official of the
 * case's units (bearer token, the full case). For applicants a wrong token and an unknown code
 * answer alike (404), so codes cannot be probed.
 */
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import { trackingTokenHash } from '../../services/applications';
import { readDocument } from '../../activities/documents/storage';
import {
  ACTION_LABELS,
  actionsFor,
  APPLICANT_EVENT_LABELS,
  isTerminal,
  OUTCOME_LABELS,
  STAGE_LABELS,
  type OfficialAction,
} from '../../domain/stages';
import { asSchema, formEntries } from '../../templates/form-schema';
import type { Actor, Role } from '../../domain/types';
import { toActor } from '../../models/official';
import type { CaseState } from '../../workflows/state';
import { checkActor } from '../../workflows/validation';
import { procedureOf, type CaseDoc } from '../../models/case';
import { cachedCase, freshCase } from '../read-cache';
import { bearerToken, requireOfficial } from '../auth/officials';
import type { Dependencies } from '../dependencies';
import { ApiError } from '../errors';
import { callCase, updateCase } from '../workflow-errors';
import { caseAfter } from '../case-answer';
import { caseStateQuery, provideSupplementUpdate, withdrawUpdate } from '../../workflows/messages';
import { storeSupplementFiles } from '../../services/applications';
import { attachmentsBody, uploadedAttachments } from './applications';
import { rateLimit } from '../rate-limit';
import { say } from '../../contract/messages';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';

const CODE = /^[A-Za-z0-9.-]{1,80}$/;

/** The Vietnamese name of a timeline action (officials' actions and applicants' events). */
function actionLabel(action: string): string {
  const labels: Record<string, string> = {
    submit: 'Nộp hồ sơ',
    provide_supplement: 'Bổ sung, hoàn thiện hồ sơ',
    supplement_reminder: 'Nhắc bổ sung hồ sơ',
    at_risk: 'Sắp đến hạn xử lý',
    overdue: 'Quá hạn xử lý',
    reappoint: 'Xin lỗi và hẹn lại ngày trả kết quả',
    reassign: 'Phân công lại',
    signature_requested: 'Chờ xác nhận chữ ký số',
    signature_refused: 'Chữ ký số bị từ chối',
    signature_expired: 'Hết thời gian chờ ký số',
    signature_cancelled: 'Hủy yêu cầu ký số',
    ...ACTION_LABELS,
    ...APPLICANT_EVENT_LABELS,
  };
  return labels[action] ?? action;
}

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
    stageLabel: STAGE_LABELS[doc.stage],
    outcome: doc.outcome ?? null,
    outcomeLabel: doc.outcome ? OUTCOME_LABELS[doc.outcome] : null,
    submittedAt: doc.submittedAt,
    dueAt: doc.dueAt,
    stageDueAt: doc.stageDueAt ?? null,
    overdue: doc.overdue ?? false,
    supplement: doc.supplement
      ? {
          requestedAt: doc.supplement.requestedAt,
          missingDocuments: doc.supplement.missingDocuments,
          note: doc.supplement.note,
          dueAt: doc.supplement.dueAt,
        }
      : null,
    timeline: (doc.timeline ?? []).map((t) => ({
      at: t.at,
      stage: t.stage,
      action: t.action,
      actionLabel: actionLabel(t.action),
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

/** What `actor` may do now on the case (the workflow's own rules), for clients to offer. */
export function availableActions(
  state: CaseState,
  actor: Actor,
): Array<{
  action: OfficialAction;
  label: string;
  pin: boolean;
  reason: boolean;
  missingDocuments: boolean;
}> {
  return actionsFor(state.stage).flatMap((action) => {
    if (checkActor(state, action, actor).kind !== 'apply') return [];
    return [
      {
        action,
        label: ACTION_LABELS[action],
        pin: action === 'approve' || action === 'reject',
        reason: action === 'refuse' || action === 'reject',
        missingDocuments: action === 'request_supplement',
      },
    ];
  });
}

/** The case as an official of its units sees it: the applicant's view plus who and what. */
export function officialCaseView(doc: CaseDoc, viewer?: Actor): Record<string, unknown> {
  return {
    ...applicantCaseView(doc),
    ...(viewer ? { availableActions: availableActions(doc, viewer) } : {}),
    formEntries: doc.procedure
      ? formEntries(asSchema(procedureOf(doc).formSchema), doc.form ?? {}).filter(
          (e) => e.kind === 'section' || e.value !== undefined,
        )
      : [],
    // The required documents, with those the applicant said are attached: the desk's checklist.
    checklist: doc.procedure
      ? procedureOf(doc).requiredDocuments.map((d) => ({
          code: d.code,
          name: d.name,
          required: d.required,
          attached: (doc.attachedDocumentCodes ?? []).includes(d.code),
        }))
      : [],
    applicant: doc.applicant,
    form: doc.form,
    stageUnitCode: doc.stageUnitCode,
    assignee: doc.assignee,
    originalDueAt: doc.originalDueAt,
    onTime: doc.onTime,
    pendingSignature: doc.pendingSignature ?? null,
  };
}

/** Officials of the case's ward or department, and supervisors, may read the full case. */
export function mayReadCase(
  official: { roles: readonly Role[]; unitCode: string | null },
  doc: Pick<CaseDoc, 'wardCode' | 'departmentCode'>,
): boolean {
  if (official.roles.includes('SUPERVISOR') || official.roles.includes('ADMIN')) return true;
  return (
    official.unitCode !== null && [doc.wardCode, doc.departmentCode].includes(official.unitCode)
  );
}

/** The case named in the path, for a signed-in official who may read it. */
async function caseOfOfficial(
  req: Request,
  secret: string,
): Promise<{ doc: CaseDoc; viewer: Actor }> {
  const official = await requireOfficial(req, secret);
  const code = req.params.code as string;
  const doc = CODE.test(code) ? await cachedCase(code) : null;
  if (!doc?.stage) throw new ApiError('NOT_FOUND', say('case.notFound'));
  if (!mayReadCase(official, doc)) {
    throw new ApiError('FORBIDDEN', say('case.otherUnits'));
  }
  return { doc, viewer: toActor(official) };
}

/** The case named in the path, when the request carries its tracking token. */
async function caseOfApplicant(req: Request): Promise<CaseDoc> {
  const token = req.get('X-Tracking-Token');
  if (!token) throw new ApiError('UNAUTHENTICATED', say('case.tokenRequired'));
  const code = req.params.code as string;
  const doc = CODE.test(code) ? await cachedCase(code) : null;
  const expected = Buffer.from(doc?.trackingTokenHash ?? '', 'hex');
  const given = Buffer.from(trackingTokenHash(token), 'hex');
  if (!doc || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    throw new ApiError('NOT_FOUND', say('case.notFoundForToken'));
  }
  if (!doc.stage) {
    // Submitted a moment ago: the workflow has not written its first state yet.
    throw new ApiError('DEPENDENCY_UNAVAILABLE', say('case.opening'), undefined, 1);
  }
  return doc;
}

/** The case for whoever asks: a signed-in official, or the applicant with the tracking token. */
async function caseFor(req: Request, secret: string): Promise<{ doc: CaseDoc } & View> {
  if (bearerToken(req)) {
    const { doc, viewer } = await caseOfOfficial(req, secret);
    return { doc, ...viewOf(doc, viewer) };
  }
  const doc = await caseOfApplicant(req);
  return { doc, ...viewOf(doc, null) };
}

/**
 * The view of a case for one viewer, worked out once per copy of the case (read-cache.ts), and
 * its JSON body with it: the copies are shared by every request until they expire, and their
 * views go with them.
 */
interface View {
  readonly view: Record<string, unknown>;
  readonly body: string;
}
const views = new WeakMap<CaseDoc, Map<string, View>>();

function viewOf(doc: CaseDoc, viewer: Actor | null): View {
  const key = viewer ? `${viewer.id}|${viewer.unitCode}|${viewer.roles.join(',')}` : '';
  let byViewer = views.get(doc);
  if (!byViewer) views.set(doc, (byViewer = new Map()));
  let known = byViewer.get(key);
  if (!known) {
    const view = viewer ? officialCaseView(doc, viewer) : applicantCaseView(doc);
    known = { view, body: JSON.stringify(view) };
    byViewer.set(key, known);
  }
  return known;
}

export function caseRoutes(
  deps: Pick<Dependencies, 'config' | 'temporal' | 'logger' | 'workerAvailable'>,
): Router {
  const router = Router();
  const secret = deps.config.authTokenSecret;
  // Tokens are long and random; the limit keeps guessing and scraping slow.
  const limited = rateLimit({ windowMs: 60_000, max: 120 });

  mount(router, OPERATIONS.getCase, limited, async (_input, req, res) => {
    const { body } = await caseFor(req, secret);
    res.setHeader('Cache-Control', 'no-store');
    res.type('json').send(body);
  });

  mount(router, OPERATIONS.caseDocument, limited, async ({ params }, req, res) => {
    const { doc: copy } = await caseFor(req, secret);
    const id = params.documentId;
    // A document issued a moment ago may be missing from the copy: then ask the database.
    const listedIn = (d: CaseDoc) => (d.documents ?? []).find((x) => x.id === id);
    const doc = listedIn(copy) ? copy : ((await freshCase(copy.code)) ?? copy);
    const listed = listedIn(doc);
    const stored = listed ? await readDocument(id) : null;
    if (!listed || !stored || stored.doc.caseCode !== doc.code) {
      throw new ApiError('NOT_FOUND', say('case.noSuchDocument'));
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
  // The applicant answers a supplement request: a note and the missing files.
  mount(
    router,
    OPERATIONS.supplement,
    limited,
    attachmentsBody('field "note", files "attachments"'),
    async ({ body }, req, res) => {
      const doc = await caseOfApplicant(req);
      const handle = deps.temporal.workflow.getHandle(doc.code);
      const state = await callCase(deps, doc.code, () => handle.query(caseStateQuery));
      if (state.stage !== 'SUPPLEMENT_REQUESTED') {
        throw new ApiError('WRONG_STAGE', say('case.noSupplementRequested'));
      }
      const note = body.note;
      const files = uploadedAttachments(req);
      if ((note === undefined || note === '') && files.length === 0) {
        throw new ApiError('VALIDATION_FAILED', say('case.supplementEmpty'), [
          { field: 'attachments', message: say('case.supplementEmpty') },
        ]);
      }
      const documents = await storeSupplementFiles(doc.code, state.supplementRounds, files);
      const answer = await updateCase(deps, doc.code, provideSupplementUpdate, [
        { ...(note ? { note } : {}), documentIds: documents.map((d) => d.id), documents },
      ]);
      res.json(applicantCaseView(await caseAfter(deps, doc, answer)));
    },
  );

  // The applicant withdraws the dossier (before a decision): the workflow closes it as WITHDRAWN.
  mount(router, OPERATIONS.withdraw, limited, async ({ body }, req, res) => {
    const doc = await caseOfApplicant(req);
    if (isTerminal(doc.stage)) throw new ApiError('WRONG_STAGE', say('case.closed'));
    const answer = await updateCase(deps, doc.code, withdrawUpdate, [{ reason: body.reason }]);
    res.json(applicantCaseView(await caseAfter(deps, doc, answer)));
  });
  return router;
}

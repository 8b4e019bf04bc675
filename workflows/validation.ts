/**
 * Pure checks of incoming messages against the case's state. Update validators call them before
 * anything is recorded, and the main loop calls them again when it takes a queued request, since
 * the stage may have moved in between.
 */
import { say, type Message, type MessageParams } from '../contract/messages';
import { getUnit } from '../domain/catalogue';
import {
  ACTION_LABELS,
  actionsFor,
  canWithdraw,
  isTerminal,
  OFFICIAL_ACTIONS,
  requiredRole,
  ROLE_LABELS,
  STAGE_LABELS,
  type OfficialAction,
} from '../domain/stages';
import { unsafeText } from '../domain/safe-text';
import type { Role, Stage } from '../domain/types';
import type {
  ActionRequest,
  ReassignRequest,
  RefusalType,
  SupplementRequestAnswer,
  WithdrawRequest,
} from './messages';
import type { CaseState } from './state';

/** Why a message is refused: a contract code and a catalogue message (rendered by the API). */
export interface Refusal {
  type: RefusalType;
  message: Message;
}

/** Verdict on an official's action: refuse, do it, or answer with the case (already done). */
export type ActionVerdict =
  { kind: 'refuse'; refusal: Refusal } | { kind: 'apply' } | { kind: 'duplicate' };

/** Roles that may ever perform an action, whatever the stage. */
const ACTION_ROLES: Record<OfficialAction, readonly Role[]> = {
  accept: ['RECEIVER'],
  request_supplement: ['RECEIVER'],
  refuse: ['RECEIVER'],
  handover: ['RECEIVER'],
  approve: ['WARD_APPROVER', 'DEPARTMENT_APPROVER'],
  reject: ['WARD_APPROVER', 'DEPARTMENT_APPROVER'],
};

const MAX_TEXT = 2000;
const MAX_MISSING_DOCUMENTS = 50;

const refuse = (type: RefusalType, message: Message): ActionVerdict => ({
  kind: 'refuse',
  refusal: { type, message },
});

function blank(s: string | undefined): boolean {
  return s === undefined || s.trim().length === 0;
}

const TEXT_TITLES: Record<string, { title: string; titleEn: string }> = {
  note: { title: 'Ghi chú', titleEn: 'Note' },
  reason: { title: 'Lý do', titleEn: 'Reason' },
};

function textProblem(fields: Record<string, string | undefined>): Message | null {
  for (const [name, value] of Object.entries(fields)) {
    const titles = TEXT_TITLES[name] ?? { title: name, titleEn: name };
    if (value !== undefined && typeof value !== 'string')
      return say('rule.type', { ...titles, expectedKey: 'type.string' });
    if (value !== undefined && value.length > MAX_TEXT)
      return say('refusal.textTooLong', { ...titles, maximum: MAX_TEXT });
    if (value !== undefined && unsafeText(value, true))
      return say('rule.controlCharacters', titles);
  }
  return null;
}

/** The parameters naming an action in both languages. */
const actionParams = (action: OfficialAction): MessageParams => ({
  action,
  actionLabel: ACTION_LABELS[action],
});

/** The parameters naming a stage in both languages. */
export const stageParams = (stage: Stage): MessageParams => ({
  stage,
  stageLabel: STAGE_LABELS[stage],
});

const unitParams = (code: string | null): MessageParams => ({
  unit: code ?? '—',
  unitName: (code && getUnit(code)?.name) ?? code ?? '—',
});

export function checkAction(state: CaseState, req: ActionRequest): ActionVerdict {
  if (!req || typeof req !== 'object') return checkActor(state, undefined, undefined);
  const verdict = checkActor(state, req.action, req.actor);
  return verdict.kind === 'apply' ? checkFields(req) : verdict;
}

/**
 * Whether `actor` may take `action` on the case now: the action, the role, the unit, the stage
 * and the assignment — everything but the request's own fields. What the officials' page offers
 * and what a preview shows are decided by this alone.
 */
export function checkActor(
  state: CaseState,
  action: OfficialAction | undefined,
  actor: ActionRequest['actor'] | undefined,
): ActionVerdict {
  if (!action || !OFFICIAL_ACTIONS.includes(action)) {
    return refuse(
      'VALIDATION_FAILED',
      say('refusal.unknownAction', { actions: OFFICIAL_ACTIONS.join(', ') }),
    );
  }
  if (!actor || !Array.isArray(actor.roles)) return refuse('FORBIDDEN', say('refusal.noOfficial'));
  if (state.pendingSignature?.status === 'PENDING') {
    return refuse(
      'WRONG_STAGE',
      say('refusal.signaturePending', { name: state.pendingSignature.official.name }),
    );
  }
  if (!ACTION_ROLES[action].some((r) => actor.roles.includes(r))) {
    return refuse('FORBIDDEN', say('refusal.roleCannot', actionParams(action)));
  }
  // An official of another unit learns nothing about the case, not even its stage.
  if (actor.unitCode === null || ![state.wardCode, state.departmentCode].includes(actor.unitCode)) {
    return refuse('FORBIDDEN', say('refusal.otherUnits'));
  }
  // The same official repeating the action that moved the case on: answer with the case.
  const last = [...state.timeline].reverse().find((e) => e.actor?.id === actor.id);
  if (last && last.action === action && last.stage !== state.stage) return { kind: 'duplicate' };
  if (!actionsFor(state.stage).includes(action)) {
    return refuse(
      'WRONG_STAGE',
      say('refusal.wrongStage', { ...actionParams(action), ...stageParams(state.stage) }),
    );
  }
  const role = requiredRole(state.stage);
  if (!role || !actor.roles.includes(role)) {
    return refuse(
      'FORBIDDEN',
      say('refusal.stageNeedsRole', {
        ...stageParams(state.stage),
        role: role ?? '—',
        roleLabel: role ? ROLE_LABELS[role] : '—',
      }),
    );
  }
  if (actor.unitCode !== state.stageUnitCode) {
    return refuse('FORBIDDEN', say('refusal.otherUnit', unitParams(state.stageUnitCode)));
  }
  if (state.assignee && state.assignee.id !== actor.id) {
    return refuse('FORBIDDEN', say('refusal.assigned', { name: state.assignee.name }));
  }
  return { kind: 'apply' };
}

/**
 * The request's own fields: texts, the reason a refusal or rejection needs, the missing
 * documents of a supplement request, and the signing grant of a signed action. `grant: false`
 * (the API's check before the PIN is asked) leaves out the grant; `required: false` (a preview
 * while the official is still writing) checks only what is given.
 */
export function checkFields(
  req: ActionRequest,
  opts: { grant?: boolean; required?: boolean } = {},
): ActionVerdict {
  const { action } = req;
  const required = opts.required !== false;
  const text = textProblem({ note: req.note, reason: req.reason });
  if (text) return refuse('VALIDATION_FAILED', text);
  if (required && (action === 'refuse' || action === 'reject') && blank(req.reason)) {
    return refuse('VALIDATION_FAILED', say('refusal.reasonRequired', actionParams(action)));
  }
  if (action === 'request_supplement' && (required || req.missingDocuments !== undefined)) {
    const docs = req.missingDocuments;
    if (
      !Array.isArray(docs) ||
      docs.length === 0 ||
      docs.some((d) => typeof d !== 'string' || blank(d))
    ) {
      return refuse('VALIDATION_FAILED', say('refusal.missingDocumentsRequired'));
    }
    if (docs.length > MAX_MISSING_DOCUMENTS || docs.some((d) => d.length > MAX_TEXT)) {
      return refuse('VALIDATION_FAILED', say('refusal.missingDocumentsTooLong'));
    }
    if (docs.some((d) => unsafeText(d))) {
      return refuse(
        'VALIDATION_FAILED',
        say('rule.controlCharacters', { title: 'Giấy tờ còn thiếu', titleEn: 'Missing document' }),
      );
    }
  }
  const awaited = req.signingMethod === 'REMOTE' || req.signingMethod === 'TOKEN';
  const needsGrant =
    required && opts.grant !== false && (action === 'approve' || action === 'reject');
  if (needsGrant && blank(req.signingGrant) && !awaited) {
    return refuse(
      'VALIDATION_FAILED',
      say('case.pinRequired', { action: ACTION_LABELS[action].toLowerCase() }),
    );
  }
  return { kind: 'apply' };
}

export function checkSupplement(state: CaseState, req: SupplementRequestAnswer): Refusal | null {
  if (state.stage !== 'SUPPLEMENT_REQUESTED') {
    return { type: 'WRONG_STAGE', message: say('case.noSupplementRequested') };
  }
  if (req?.note !== undefined && (typeof req.note !== 'string' || req.note.length > MAX_TEXT)) {
    return {
      type: 'VALIDATION_FAILED',
      message: say('refusal.textTooLong', { ...TEXT_TITLES.note, maximum: MAX_TEXT }),
    };
  }
  const text = textProblem({ note: req?.note });
  if (text) return { type: 'VALIDATION_FAILED', message: text };
  const docs = req?.documents;
  if (
    docs !== undefined &&
    (!Array.isArray(docs) ||
      docs.length > 20 ||
      docs.some((d) => !d || typeof d.id !== 'string' || d.kind !== 'ATTACHMENT'))
  ) {
    return { type: 'VALIDATION_FAILED', message: say('refusal.supplementDocuments') };
  }
  return null;
}

export function checkWithdraw(state: CaseState, req: WithdrawRequest): Refusal | null {
  if (!canWithdraw(state.stage)) {
    return { type: 'WRONG_STAGE', message: say('refusal.cannotWithdraw') };
  }
  if (!req || typeof req.reason !== 'string' || blank(req.reason) || req.reason.length > MAX_TEXT) {
    return { type: 'VALIDATION_FAILED', message: say('refusal.withdrawReason') };
  }
  const text = textProblem({ reason: req.reason });
  if (text) return { type: 'VALIDATION_FAILED', message: text };
  return null;
}

export function checkReassign(state: CaseState, req: ReassignRequest): Refusal | null {
  if (!req?.actor?.roles?.includes('SUPERVISOR')) {
    return { type: 'FORBIDDEN', message: say('refusal.supervisorsOnly') };
  }
  const role = requiredRole(state.stage);
  if (!role || isTerminal(state.stage)) {
    return {
      type: 'WRONG_STAGE',
      message: say('refusal.nobodyAssigned', stageParams(state.stage)),
    };
  }
  if (!req.to?.roles?.includes(role) || req.to.unitCode !== state.stageUnitCode) {
    return {
      type: 'VALIDATION_FAILED',
      message: say('refusal.assigneeRole', {
        role,
        roleLabel: ROLE_LABELS[role],
        ...unitParams(state.stageUnitCode),
      }),
    };
  }
  const text = textProblem({ note: req.note });
  return text ? { type: 'VALIDATION_FAILED', message: text } : null;
}

/**
 * Pure checks of incoming messages against the case's state. Update validators call them before
 * anything is recorded, and the main loop calls them again when it takes a queued request, since
 * the stage may have moved in between.
 */
import {
  actionsFor,
  canWithdraw,
  isTerminal,
  OFFICIAL_ACTIONS,
  requiredRole,
  type OfficialAction,
} from '../domain/stages';
import { unsafeText } from '../domain/safe-text';
import type { Role } from '../domain/types';
import type {
  ActionRequest,
  ReassignRequest,
  RefusalType,
  SupplementRequestAnswer,
  WithdrawRequest,
} from './messages';
import type { CaseState } from './state';

export interface Refusal {
  type: RefusalType;
  message: string;
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

const refuse = (type: RefusalType, message: string): ActionVerdict => ({
  kind: 'refuse',
  refusal: { type, message },
});

function blank(s: string | undefined): boolean {
  return s === undefined || s.trim().length === 0;
}

function textProblem(fields: Record<string, string | undefined>): string | null {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && typeof value !== 'string') return `${name} must be text`;
    if (value !== undefined && value.length > MAX_TEXT)
      return `${name} is longer than ${MAX_TEXT} characters`;
    if (value !== undefined && unsafeText(value, true))
      return `${name} must not contain control or text-direction characters`;
  }
  return null;
}

export function checkAction(state: CaseState, req: ActionRequest): ActionVerdict {
  if (!req || typeof req !== 'object' || !OFFICIAL_ACTIONS.includes(req.action)) {
    return refuse(
      'VALIDATION_FAILED',
      `Unknown action; expected one of ${OFFICIAL_ACTIONS.join(', ')}.`,
    );
  }
  const { action, actor } = req;
  if (!actor || !Array.isArray(actor.roles)) return refuse('FORBIDDEN', 'No official is named.');
  if (state.pendingSignature?.status === 'PENDING') {
    return refuse(
      'WRONG_STAGE',
      `Hồ sơ đang chờ chữ ký số của ${state.pendingSignature.official.name}; hãy chờ xác nhận hoặc hủy yêu cầu ký.`,
    );
  }
  if (!ACTION_ROLES[action].some((r) => actor.roles.includes(r))) {
    return refuse('FORBIDDEN', `Your roles do not allow "${action}".`);
  }
  // An official of another unit learns nothing about the case, not even its stage.
  if (actor.unitCode === null || ![state.wardCode, state.departmentCode].includes(actor.unitCode)) {
    return refuse('FORBIDDEN', 'Only officials of the units of this case act on it.');
  }
  // The same official repeating the action that moved the case on: answer with the case.
  const last = [...state.timeline].reverse().find((e) => e.actor?.id === actor.id);
  if (last && last.action === action && last.stage !== state.stage) return { kind: 'duplicate' };
  if (!actionsFor(state.stage).includes(action)) {
    return refuse(
      'WRONG_STAGE',
      `"${action}" is not possible while the case is in ${state.stage}.`,
    );
  }
  const role = requiredRole(state.stage);
  if (!role || !actor.roles.includes(role)) {
    return refuse('FORBIDDEN', `${state.stage} needs the role ${role ?? 'none'}.`);
  }
  if (actor.unitCode !== state.stageUnitCode) {
    return refuse('FORBIDDEN', `Only officials of ${state.stageUnitCode} act in this stage.`);
  }
  if (state.assignee && state.assignee.id !== actor.id) {
    return refuse('FORBIDDEN', `The case is assigned to ${state.assignee.name}.`);
  }
  const text = textProblem({ note: req.note, reason: req.reason });
  if (text) return refuse('VALIDATION_FAILED', text);
  if ((action === 'refuse' || action === 'reject') && blank(req.reason)) {
    return refuse('VALIDATION_FAILED', `"${action}" needs a reason.`);
  }
  if (action === 'request_supplement') {
    const docs = req.missingDocuments;
    if (
      !Array.isArray(docs) ||
      docs.length === 0 ||
      docs.some((d) => typeof d !== 'string' || blank(d))
    ) {
      return refuse(
        'VALIDATION_FAILED',
        '"request_supplement" needs the list of missing documents.',
      );
    }
    if (docs.length > MAX_MISSING_DOCUMENTS || docs.some((d) => d.length > MAX_TEXT)) {
      return refuse('VALIDATION_FAILED', 'The list of missing documents is too long.');
    }
    if (docs.some((d) => unsafeText(d))) {
      return refuse(
        'VALIDATION_FAILED',
        'A missing document must not contain control or text-direction characters.',
      );
    }
  }
  const awaited = req.signingMethod === 'REMOTE' || req.signingMethod === 'TOKEN';
  if ((action === 'approve' || action === 'reject') && blank(req.signingGrant) && !awaited) {
    return refuse('VALIDATION_FAILED', `"${action}" is signed: the PIN is required.`);
  }
  return { kind: 'apply' };
}

export function checkSupplement(state: CaseState, req: SupplementRequestAnswer): Refusal | null {
  if (state.stage !== 'SUPPLEMENT_REQUESTED') {
    return { type: 'WRONG_STAGE', message: 'No supplement is requested for this case.' };
  }
  if (req?.note !== undefined && (typeof req.note !== 'string' || req.note.length > MAX_TEXT)) {
    return {
      type: 'VALIDATION_FAILED',
      message: `note must be text of at most ${MAX_TEXT} characters`,
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
    return {
      type: 'VALIDATION_FAILED',
      message: 'documents must be at most 20 stored attachments',
    };
  }
  return null;
}

export function checkWithdraw(state: CaseState, req: WithdrawRequest): Refusal | null {
  if (!canWithdraw(state.stage)) {
    return { type: 'WRONG_STAGE', message: 'The case can no longer be withdrawn.' };
  }
  if (!req || typeof req.reason !== 'string' || blank(req.reason) || req.reason.length > MAX_TEXT) {
    return {
      type: 'VALIDATION_FAILED',
      message: 'A reason (at most 2000 characters) is required.',
    };
  }
  const text = textProblem({ reason: req.reason });
  if (text) return { type: 'VALIDATION_FAILED', message: text };
  return null;
}

export function checkReassign(state: CaseState, req: ReassignRequest): Refusal | null {
  if (!req?.actor?.roles?.includes('SUPERVISOR')) {
    return { type: 'FORBIDDEN', message: 'Only a supervisor can reassign a case.' };
  }
  const role = requiredRole(state.stage);
  if (!role || isTerminal(state.stage)) {
    return { type: 'WRONG_STAGE', message: `Nobody is assigned in ${state.stage}.` };
  }
  if (!req.to?.roles?.includes(role) || req.to.unitCode !== state.stageUnitCode) {
    return {
      type: 'VALIDATION_FAILED',
      message: `The new assignee must hold ${role} in ${state.stageUnitCode}.`,
    };
  }
  const text = textProblem({ note: req.note });
  return text ? { type: 'VALIDATION_FAILED', message: text } : null;
}

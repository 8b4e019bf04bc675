/**
 * The approval chain as data: which stage follows which, who acts in a stage and for which
 * unit, what each action leads to, and the Vietnamese labels. Pure; shared by the workflow
 * (transitions, validators), the API (inbox, 403/409 answers) and the templates (labels).
 *
 *   VERIFICATION ─accept─► <chain levels: WARD_APPROVAL, DEPARTMENT_APPROVAL> ─approve─► RESULT_READY ─handover─► COMPLETED
 *   VERIFICATION ─request_supplement─► SUPPLEMENT_REQUESTED ─(applicant supplements)─► VERIFICATION
 *   VERIFICATION ─refuse─► CLOSED (REFUSED)       approval stage ─reject─► CLOSED (REJECTED)
 *   SUPPLEMENT_REQUESTED ─(no answer in time)─► CLOSED (EXPIRED)
 *   any stage before a decision ─(applicant withdraws)─► CLOSED (WITHDRAWN)
 */
import type { ChainLevel, DocumentKind, Outcome, Procedure, Role, Stage } from './types';
import { APPROVAL_STAGE, APPROVER_ROLE } from './types';

/** What an official can do to a case (same union as the workflow's messages). */
export type OfficialAction =
  'accept' | 'request_supplement' | 'refuse' | 'approve' | 'reject' | 'handover';

export const OFFICIAL_ACTIONS: readonly OfficialAction[] = [
  'accept',
  'request_supplement',
  'refuse',
  'approve',
  'reject',
  'handover',
] as const;

/** What the applicant (or the supplement timer) does to a case. */
export type ApplicantEvent = 'supplement' | 'withdraw' | 'expire';

/** A procedure as far as the chain is concerned. */
export type ChainOf = Pick<Procedure, 'chain' | 'departmentCode'>;

/** The approval stages of a procedure, in order, e.g. ["WARD_APPROVAL", "DEPARTMENT_APPROVAL"]. */
export function approvalStages(procedure: Pick<Procedure, 'chain'>): Stage[] {
  return procedure.chain.map((level) => APPROVAL_STAGE[level]);
}

/** The chain level an approval stage belongs to; null for other stages. */
export function chainLevelOf(stage: Stage): ChainLevel | null {
  if (stage === 'WARD_APPROVAL') return 'WARD';
  if (stage === 'DEPARTMENT_APPROVAL') return 'DEPARTMENT';
  return null;
}

export function isApprovalStage(stage: Stage): boolean {
  return chainLevelOf(stage) !== null;
}

/** COMPLETED and CLOSED: nothing happens after them. */
export function isTerminal(stage: Stage): boolean {
  return stage === 'COMPLETED' || stage === 'CLOSED';
}

/** Stages in which the applicant may still withdraw (no decision issued yet). */
export const WITHDRAWABLE_STAGES: readonly Stage[] = [
  'VERIFICATION',
  'SUPPLEMENT_REQUESTED',
  'WARD_APPROVAL',
  'DEPARTMENT_APPROVAL',
] as const;

export function canWithdraw(stage: Stage): boolean {
  return WITHDRAWABLE_STAGES.includes(stage);
}

/** The approval level that issues the decision: the last level of the chain. */
export function issuingLevel(procedure: Pick<Procedure, 'chain'>): ChainLevel {
  const last = procedure.chain[procedure.chain.length - 1];
  if (!last) throw new RangeError('empty approval chain');
  return last;
}

/** The unit that issues the decision: the procedure's department, or the ward for ward-only chains. */
export function issuingUnitCode(procedure: ChainOf, wardCode: string): string {
  return issuingLevel(procedure) === 'DEPARTMENT' ? procedure.departmentCode : wardCode;
}

const STAGE_ACTIONS: Record<Stage, readonly OfficialAction[]> = {
  VERIFICATION: ['accept', 'request_supplement', 'refuse'],
  SUPPLEMENT_REQUESTED: [],
  WARD_APPROVAL: ['approve', 'reject'],
  DEPARTMENT_APPROVAL: ['approve', 'reject'],
  RESULT_READY: ['handover'],
  COMPLETED: [],
  CLOSED: [],
};

/** The officials' actions allowed in a stage (empty where no official acts). */
export function actionsFor(stage: Stage): readonly OfficialAction[] {
  return STAGE_ACTIONS[stage];
}

/** The role that acts in a stage; null where no official acts. */
export function requiredRole(stage: Stage): Role | null {
  switch (stage) {
    case 'VERIFICATION':
    case 'RESULT_READY':
      return 'RECEIVER';
    case 'WARD_APPROVAL':
      return APPROVER_ROLE.WARD;
    case 'DEPARTMENT_APPROVAL':
      return APPROVER_ROLE.DEPARTMENT;
    default:
      return null;
  }
}

/**
 * The unit responsible for a case in a stage: the ward (its one-stop desk or its approver) for
 * VERIFICATION, SUPPLEMENT_REQUESTED, WARD_APPROVAL and RESULT_READY; the procedure's department
 * for DEPARTMENT_APPROVAL; null once the case is over.
 */
export function stageUnitCode(procedure: ChainOf, wardCode: string, stage: Stage): string | null {
  switch (stage) {
    case 'VERIFICATION':
    case 'SUPPLEMENT_REQUESTED':
    case 'WARD_APPROVAL':
    case 'RESULT_READY':
      return wardCode;
    case 'DEPARTMENT_APPROVAL':
      return procedure.departmentCode;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Vietnamese labels.

export const STAGE_LABELS: Record<Stage, string> = {
  VERIFICATION: 'Tiếp nhận, kiểm tra hồ sơ',
  SUPPLEMENT_REQUESTED: 'Chờ bổ sung, hoàn thiện hồ sơ',
  WARD_APPROVAL: 'Ủy ban nhân dân phường xem xét, phê duyệt',
  DEPARTMENT_APPROVAL: 'Sở xem xét, phê duyệt',
  RESULT_READY: 'Chờ trả kết quả',
  COMPLETED: 'Đã trả kết quả',
  CLOSED: 'Đã kết thúc, không có kết quả',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  APPROVED: 'Được giải quyết',
  REJECTED: 'Từ chối giải quyết',
  REFUSED: 'Từ chối tiếp nhận',
  WITHDRAWN: 'Người nộp rút hồ sơ',
  EXPIRED: 'Quá hạn bổ sung hồ sơ',
};

export const ACTION_LABELS: Record<OfficialAction, string> = {
  accept: 'Tiếp nhận hồ sơ',
  request_supplement: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  refuse: 'Từ chối tiếp nhận hồ sơ',
  approve: 'Phê duyệt',
  reject: 'Từ chối giải quyết',
  handover: 'Trả kết quả',
};

export const APPLICANT_EVENT_LABELS: Record<ApplicantEvent, string> = {
  supplement: 'Bổ sung, hoàn thiện hồ sơ',
  withdraw: 'Rút hồ sơ',
  expire: 'Hết thời hạn bổ sung hồ sơ',
};

export const ROLE_LABELS: Record<Role, string> = {
  RECEIVER: 'Cán bộ tiếp nhận (Bộ phận Một cửa)',
  WARD_APPROVER: 'Lãnh đạo Ủy ban nhân dân phường',
  DEPARTMENT_APPROVER: 'Lãnh đạo Sở',
  SUPERVISOR: 'Cán bộ giám sát',
  ADMIN: 'Quản trị hệ thống',
};

export const CHAIN_LEVEL_LABELS: Record<ChainLevel, string> = {
  WARD: 'Ủy ban nhân dân phường',
  DEPARTMENT: 'Sở',
};

/** Titles of the documents as printed (Circular 03/2025/TT-VPCP forms for 01–04 and 06). */
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  APPLICATION_FORM: 'Đơn, tờ khai đề nghị giải quyết thủ tục hành chính',
  RECEIPT: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  SUPPLEMENT_REQUEST: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  REFUSAL: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ',
  CONTROL_SHEET: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  APOLOGY: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  DECISION: 'Quyết định',
};

/** Form numbers of Circular 03/2025/TT-VPCP ("Mẫu số 01" …); null for documents outside the set. */
export const DOCUMENT_FORM_NUMBERS: Record<DocumentKind, string | null> = {
  APPLICATION_FORM: null,
  RECEIPT: 'Mẫu số 01',
  SUPPLEMENT_REQUEST: 'Mẫu số 02',
  REFUSAL: 'Mẫu số 03',
  APOLOGY: 'Mẫu số 04',
  CONTROL_SHEET: 'Mẫu số 06',
  DECISION: null,
};

/**
 * The working days the officials of a stage have (the procedure's SLA; an approval level without
 * its own SLA gets one day); null where no official's deadline runs (RESULT_READY, COMPLETED, CLOSED).
 */
export function stageSlaWorkingDays(
  procedure: Pick<Procedure, 'sla'>,
  stage: Stage,
): number | null {
  const { sla } = procedure;
  switch (stage) {
    case 'VERIFICATION':
      return sla.verification;
    case 'SUPPLEMENT_REQUESTED':
      return sla.supplementLimit;
    case 'WARD_APPROVAL':
      return sla.ward ?? 1;
    case 'DEPARTMENT_APPROVAL':
      return sla.department ?? 1;
    default:
      return null;
  }
}

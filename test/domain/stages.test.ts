import {
  ACTION_LABELS,
  actionsFor,
  applyAction,
  applyApplicantEvent,
  approvalStages,
  canWithdraw,
  DOCUMENT_FORM_NUMBERS,
  DOCUMENT_KIND_LABELS,
  isFinalApproval,
  issuingUnitCode,
  isTerminal,
  nextStage,
  OFFICIAL_ACTIONS,
  OUTCOME_LABELS,
  requiredRole,
  STAGE_LABELS,
  stageSlaWorkingDays,
  stageUnitCode,
  type OfficialAction,
} from '../../domain/stages';
import { PORTAL_STATUS_ACCEPTED, portalStatusFor } from '../../domain/national-portal';
import { CONSTRUCTION_PERMIT, HOUSEHOLD_BUSINESS } from '../../domain/catalogue';
import { DOCUMENT_KINDS, STAGES, type Stage } from '../../domain/types';

const twoLevel = CONSTRUCTION_PERMIT; // WARD → DEPARTMENT (SXD)
const wardOnly = HOUSEHOLD_BUSINESS; // WARD

test('approval stages follow the chain', () => {
  expect(approvalStages(twoLevel)).toEqual(['WARD_APPROVAL', 'DEPARTMENT_APPROVAL']);
  expect(approvalStages(wardOnly)).toEqual(['WARD_APPROVAL']);
  expect(approvalStages({ chain: ['DEPARTMENT'] })).toEqual(['DEPARTMENT_APPROVAL']);
});

test('nextStage walks the chain to RESULT_READY and COMPLETED', () => {
  expect(nextStage(twoLevel, 'VERIFICATION')).toBe('WARD_APPROVAL');
  expect(nextStage(twoLevel, 'WARD_APPROVAL')).toBe('DEPARTMENT_APPROVAL');
  expect(nextStage(twoLevel, 'DEPARTMENT_APPROVAL')).toBe('RESULT_READY');
  expect(nextStage(twoLevel, 'RESULT_READY')).toBe('COMPLETED');
  expect(nextStage(twoLevel, 'SUPPLEMENT_REQUESTED')).toBe('VERIFICATION');
  expect(nextStage(wardOnly, 'WARD_APPROVAL')).toBe('RESULT_READY');
  expect(nextStage({ chain: ['DEPARTMENT'] }, 'VERIFICATION')).toBe('DEPARTMENT_APPROVAL');
  expect(() => nextStage(wardOnly, 'DEPARTMENT_APPROVAL')).toThrow(/not in this procedure's chain/);
  expect(() => nextStage(twoLevel, 'COMPLETED')).toThrow(RangeError);
});

test('terminal stages and withdrawal', () => {
  expect(STAGES.filter(isTerminal)).toEqual(['COMPLETED', 'CLOSED']);
  expect(STAGES.filter(canWithdraw)).toEqual([
    'VERIFICATION',
    'SUPPLEMENT_REQUESTED',
    'WARD_APPROVAL',
    'DEPARTMENT_APPROVAL',
  ]);
});

test('actions and roles per stage, as in API.md', () => {
  expect(actionsFor('VERIFICATION')).toEqual(['accept', 'request_supplement', 'refuse']);
  expect(actionsFor('WARD_APPROVAL')).toEqual(['approve', 'reject']);
  expect(actionsFor('DEPARTMENT_APPROVAL')).toEqual(['approve', 'reject']);
  expect(actionsFor('RESULT_READY')).toEqual(['handover']);
  for (const s of ['SUPPLEMENT_REQUESTED', 'COMPLETED', 'CLOSED'] as Stage[]) {
    expect(actionsFor(s)).toEqual([]);
    expect(requiredRole(s)).toBeNull();
  }
  expect(requiredRole('VERIFICATION')).toBe('RECEIVER');
  expect(requiredRole('WARD_APPROVAL')).toBe('WARD_APPROVER');
  expect(requiredRole('DEPARTMENT_APPROVAL')).toBe('DEPARTMENT_APPROVER');
  expect(requiredRole('RESULT_READY')).toBe('RECEIVER');
});

test('the unit owning a stage: the ward, except the department approval', () => {
  expect(stageUnitCode(twoLevel, 'BENTHANH', 'VERIFICATION')).toBe('BENTHANH');
  expect(stageUnitCode(twoLevel, 'BENTHANH', 'WARD_APPROVAL')).toBe('BENTHANH');
  expect(stageUnitCode(twoLevel, 'BENTHANH', 'DEPARTMENT_APPROVAL')).toBe('SXD');
  expect(stageUnitCode(twoLevel, 'BENTHANH', 'RESULT_READY')).toBe('BENTHANH');
  expect(stageUnitCode(twoLevel, 'BENTHANH', 'COMPLETED')).toBeNull();
  expect(issuingUnitCode(twoLevel, 'BENTHANH')).toBe('SXD');
  expect(issuingUnitCode(wardOnly, 'BENTHANH')).toBe('BENTHANH');
});

test('stage SLAs come from the procedure', () => {
  expect(stageSlaWorkingDays(twoLevel, 'VERIFICATION')).toBe(1);
  expect(stageSlaWorkingDays(twoLevel, 'WARD_APPROVAL')).toBe(5);
  expect(stageSlaWorkingDays(twoLevel, 'DEPARTMENT_APPROVAL')).toBe(14);
  expect(stageSlaWorkingDays(twoLevel, 'SUPPLEMENT_REQUESTED')).toBe(20);
  expect(stageSlaWorkingDays(twoLevel, 'RESULT_READY')).toBeNull();
});

test('applyAction: the happy path of a two-level and a ward-only procedure', () => {
  expect(applyAction(twoLevel, 'VERIFICATION', 'accept')).toEqual({
    stage: 'WARD_APPROVAL',
    outcome: null,
  });
  expect(applyAction(twoLevel, 'WARD_APPROVAL', 'approve')).toEqual({
    stage: 'DEPARTMENT_APPROVAL',
    outcome: null,
  });
  expect(isFinalApproval(twoLevel, 'WARD_APPROVAL')).toBe(false);
  expect(applyAction(twoLevel, 'DEPARTMENT_APPROVAL', 'approve')).toEqual({
    stage: 'RESULT_READY',
    outcome: 'APPROVED',
  });
  expect(applyAction(wardOnly, 'WARD_APPROVAL', 'approve')).toEqual({
    stage: 'RESULT_READY',
    outcome: 'APPROVED',
  });
  expect(applyAction(twoLevel, 'RESULT_READY', 'handover')).toEqual({
    stage: 'COMPLETED',
    outcome: 'APPROVED',
  });
});

test('applyAction: refusals, rejections, supplements; wrong stage throws', () => {
  expect(applyAction(twoLevel, 'VERIFICATION', 'refuse')).toEqual({
    stage: 'CLOSED',
    outcome: 'REFUSED',
  });
  expect(applyAction(twoLevel, 'WARD_APPROVAL', 'reject')).toEqual({
    stage: 'CLOSED',
    outcome: 'REJECTED',
  });
  expect(applyAction(twoLevel, 'VERIFICATION', 'request_supplement').stage).toBe(
    'SUPPLEMENT_REQUESTED',
  );
  const wrong: Array<[Stage, OfficialAction]> = [
    ['VERIFICATION', 'approve'],
    ['WARD_APPROVAL', 'accept'],
    ['RESULT_READY', 'approve'],
    ['COMPLETED', 'handover'],
    ['SUPPLEMENT_REQUESTED', 'accept'],
  ];
  for (const [stage, action] of wrong) {
    expect(() => applyAction(twoLevel, stage, action)).toThrow(/not allowed/);
  }
  expect(() => applyAction(wardOnly, 'DEPARTMENT_APPROVAL', 'approve')).toThrow(/not in this/);
});

test('applicant events', () => {
  expect(applyApplicantEvent('SUPPLEMENT_REQUESTED', 'supplement')).toEqual({
    stage: 'VERIFICATION',
    outcome: null,
  });
  expect(applyApplicantEvent('SUPPLEMENT_REQUESTED', 'expire')).toEqual({
    stage: 'CLOSED',
    outcome: 'EXPIRED',
  });
  expect(applyApplicantEvent('DEPARTMENT_APPROVAL', 'withdraw')).toEqual({
    stage: 'CLOSED',
    outcome: 'WITHDRAWN',
  });
  expect(() => applyApplicantEvent('RESULT_READY', 'withdraw')).toThrow(RangeError);
  expect(() => applyApplicantEvent('VERIFICATION', 'supplement')).toThrow(RangeError);
});

test('Vietnamese labels exist for every stage, action and document kind', () => {
  for (const s of STAGES) expect(STAGE_LABELS[s]).toMatch(/\S/);
  for (const a of OFFICIAL_ACTIONS) expect(ACTION_LABELS[a]).toMatch(/\S/);
  expect(OUTCOME_LABELS.REFUSED).toBe('Từ chối tiếp nhận');
  expect(ACTION_LABELS.request_supplement).toBe('Yêu cầu bổ sung, hoàn thiện hồ sơ');
  for (const k of DOCUMENT_KINDS) expect(DOCUMENT_KIND_LABELS[k]).toMatch(/\S/);
  expect(DOCUMENT_KIND_LABELS.RECEIPT).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
  expect(DOCUMENT_FORM_NUMBERS.CONTROL_SHEET).toBe('Mẫu số 06');
});

test('national portal statuses per stage (vn-one-stop.md §1.5)', () => {
  expect(portalStatusFor('VERIFICATION')).toMatchObject({ code: 1, dvcqg: 'receiving' });
  expect(PORTAL_STATUS_ACCEPTED).toMatchObject({ code: 2, dvcqg: 'new' });
  expect(portalStatusFor('WARD_APPROVAL')).toMatchObject({ code: 4, dvcqg: 'processing' });
  expect(portalStatusFor('DEPARTMENT_APPROVAL').dvcqg).toBe('processing');
  expect(portalStatusFor('SUPPLEMENT_REQUESTED')).toMatchObject({ code: 5, dvcqg: 'waiting' });
  expect(portalStatusFor('RESULT_READY')).toMatchObject({ code: 9, dvcqg: 'releasing' });
  expect(portalStatusFor('COMPLETED', 'APPROVED')).toMatchObject({ code: 10, dvcqg: 'done' });
  expect(portalStatusFor('CLOSED', 'REFUSED')).toMatchObject({ code: 3, dvcqg: 'denied' });
  expect(portalStatusFor('CLOSED', 'WITHDRAWN')).toMatchObject({ code: 7, dvcqg: 'cancelled' });
  expect(portalStatusFor('CLOSED', 'EXPIRED').dvcqg).toBe('unresolved');
  expect(portalStatusFor('CLOSED', 'REJECTED').dvcqg).toBe('unresolved');
  expect(() => portalStatusFor('CLOSED')).toThrow(RangeError);
});

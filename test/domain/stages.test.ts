import {
  ACTION_LABELS,
  actionsFor,
  approvalStages,
  canWithdraw,
  DOCUMENT_FORM_NUMBERS,
  DOCUMENT_KIND_LABELS,
  issuingUnitCode,
  isTerminal,
  OFFICIAL_ACTIONS,
  OUTCOME_LABELS,
  requiredRole,
  STAGE_LABELS,
  stageSlaWorkingDays,
  stageUnitCode,
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

test('the working days of a stage: the SLA, one day for a level without one, none after the decision', () => {
  const sla = { verification: 2, ward: 3, department: 5, supplementLimit: 10 };
  expect(stageSlaWorkingDays({ sla }, 'VERIFICATION')).toBe(2);
  expect(stageSlaWorkingDays({ sla }, 'SUPPLEMENT_REQUESTED')).toBe(10);
  expect(stageSlaWorkingDays({ sla }, 'WARD_APPROVAL')).toBe(3);
  expect(stageSlaWorkingDays({ sla }, 'DEPARTMENT_APPROVAL')).toBe(5);
  expect(
    stageSlaWorkingDays({ sla: { ...sla, department: undefined } }, 'DEPARTMENT_APPROVAL'),
  ).toBe(1);
  for (const s of ['RESULT_READY', 'COMPLETED', 'CLOSED'] as Stage[]) {
    expect(stageSlaWorkingDays({ sla }, s)).toBeNull();
  }
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

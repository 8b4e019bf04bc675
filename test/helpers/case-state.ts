/** A case state and officials for the pure checks of workflows/validation.ts. */
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import type { Actor, Stage } from '../../domain/types';
import type { CaseState } from '../../workflows/state';

export const state = (stage: Stage, stageUnitCode = 'SAIGON'): CaseState => ({
  code: '000.26.01.H29-261203-0001',
  procedureCode: '1.009994.000.00.00.H29',
  procedureName: 'Cấp giấy phép xây dựng',
  wardCode: 'SAIGON',
  departmentCode: 'SXD',
  applicant: EXAMPLE_APPLICATIONS[0]!.applicant,
  stage,
  outcome: null,
  submittedAt: '2026-12-03T09:00:00+07:00',
  acceptedAt: null,
  dueAt: '2026-12-30T17:00:00+07:00',
  originalDueAt: '2026-12-30T17:00:00+07:00',
  reappointed: false,
  stageEnteredAt: '2026-12-03T09:00:00+07:00',
  stageDueAt: '2026-12-04T17:00:00+07:00',
  stageUnitCode,
  atRisk: false,
  overdue: false,
  assignee: null,
  chainIndex: -1,
  supplement: null,
  supplementRounds: 0,
  timeline: [],
  documents: [],
  resultReadyAt: null,
  completedAt: null,
  onTime: null,
});

export const official = (unitCode: string, roles: Actor['roles']): Actor => ({
  id: `${roles[0]?.toLowerCase()}.${unitCode.toLowerCase()}`,
  username: `${roles[0]?.toLowerCase()}.${unitCode.toLowerCase()}`,
  fullName: 'Trần Minh Khoa',
  title: 'Chuyên viên',
  unitCode,
  roles,
});

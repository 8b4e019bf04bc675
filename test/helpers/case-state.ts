/** Case states and officials for tests: a whole state from the fields that matter to a test. */
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import type { Actor, Stage } from '../../domain/types';
import type { CaseState, TimelineEntry } from '../../workflows/state';

/** A case's state: `fields` and, for everything else, a case at rest in the ward of Sài Gòn. */
export function caseState(
  fields: Pick<
    CaseState,
    | 'code'
    | 'procedureCode'
    | 'procedureName'
    | 'applicant'
    | 'stage'
    | 'submittedAt'
    | 'dueAt'
    | 'originalDueAt'
    | 'stageEnteredAt'
    | 'stageDueAt'
  > &
    Partial<CaseState>,
): CaseState {
  return {
    wardCode: 'SAIGON',
    departmentCode: 'SXD',
    outcome: null,
    acceptedAt: null,
    reappointed: false,
    stageUnitCode: 'SAIGON',
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
    ...fields,
  };
}

/** Entry `seq` of a timeline in VERIFICATION, at `seq` o'clock UTC on 1 December 2026. */
export const timelineEntry = (seq: number, action: string): TimelineEntry => ({
  seq,
  at: `2026-12-01T0${seq}:00:00.000Z`,
  stage: 'VERIFICATION',
  action,
  actor: null,
  note: null,
});

export const state = (stage: Stage, stageUnitCode = 'SAIGON'): CaseState =>
  caseState({
    code: '000.26.01.H29-261203-0001',
    procedureCode: '1.009994.000.00.00.H29',
    procedureName: 'Cấp giấy phép xây dựng',
    applicant: EXAMPLE_APPLICATIONS[0]!.applicant,
    stage,
    submittedAt: '2026-12-03T09:00:00+07:00',
    dueAt: '2026-12-30T17:00:00+07:00',
    originalDueAt: '2026-12-30T17:00:00+07:00',
    stageEnteredAt: '2026-12-03T09:00:00+07:00',
    stageDueAt: '2026-12-04T17:00:00+07:00',
    stageUnitCode,
  });

export const official = (unitCode: string, roles: Actor['roles']): Actor => ({
  id: `${roles[0]?.toLowerCase()}.${unitCode.toLowerCase()}`,
  username: `${roles[0]?.toLowerCase()}.${unitCode.toLowerCase()}`,
  fullName: 'Trần Minh Khoa',
  title: 'Chuyên viên',
  unitCode,
  roles,
});

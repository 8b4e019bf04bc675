/** Who is told what at each event of a case (domain/notification-rules.ts). */
import { notificationsFor, type NotifiedCase } from '../../domain/notification-rules';

const at = (stage: NotifiedCase['stage'], stageUnitCode = 'SAIGON'): NotifiedCase => ({
  wardCode: 'SAIGON',
  stage,
  stageUnitCode,
});

test('the applicant and the desk hear of a new dossier; the next level of a hand-on', () => {
  expect(notificationsFor('submit', at('VERIFICATION'))).toEqual([
    { to: { applicant: true }, event: 'RECEIVED' },
    { to: { role: 'RECEIVER', unitCode: 'SAIGON' }, event: 'RECEIVED' },
  ]);
  expect(notificationsFor('accept', at('WARD_APPROVAL'))).toEqual([
    { to: { applicant: true }, event: 'ACCEPTED' },
    { to: { role: 'WARD_APPROVER', unitCode: 'SAIGON' }, event: 'ACCEPTED' },
  ]);
  expect(notificationsFor('approve', at('DEPARTMENT_APPROVAL', 'SXD'))).toEqual([
    { to: { role: 'DEPARTMENT_APPROVER', unitCode: 'SXD' }, event: 'ACCEPTED' },
  ]);
  // The last level's approval: the result is ready, for the applicant and the desk.
  expect(notificationsFor('approve', at('RESULT_READY'))).toEqual([
    { to: { applicant: true }, event: 'RESULT_READY' },
    { to: { role: 'RECEIVER', unitCode: 'SAIGON' }, event: 'RESULT_READY' },
  ]);
});

test('every way a case closes tells the applicant; late stages tell the supervisors', () => {
  for (const action of ['refuse', 'reject', 'withdraw', 'expire']) {
    expect(notificationsFor(action, at('CLOSED'))).toEqual([
      { to: { applicant: true }, event: 'CLOSED' },
    ]);
  }
  expect(notificationsFor('overdue', at('DEPARTMENT_APPROVAL', 'SXD'))).toEqual([
    { to: { role: 'DEPARTMENT_APPROVER', unitCode: 'SXD' }, event: 'STAGE_OVERDUE' },
    { to: { role: 'SUPERVISOR', unitCode: null }, event: 'STAGE_OVERDUE' },
  ]);
  expect(notificationsFor('reappoint', at('WARD_APPROVAL'))).toEqual([
    { to: { applicant: true }, event: 'REAPPOINTED' },
    { to: { role: 'SUPERVISOR', unitCode: null }, event: 'REAPPOINTED' },
  ]);
});

test('signature steps and unknown actions tell nobody', () => {
  expect(notificationsFor('signature_requested', at('WARD_APPROVAL'))).toBeUndefined();
  expect(notificationsFor('constructor', at('WARD_APPROVAL'))).toBeUndefined();
});

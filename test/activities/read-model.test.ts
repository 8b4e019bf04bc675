/** The case projection and the inboxes' open-case entries: idempotent, ordered, never going backwards. */
import mongoose from 'mongoose';
import { backfillOpenCases, projectCase } from '../../activities/read-model';
import { connectMongo, disconnectMongo } from '../../models/db';
import { CaseModel, OpenCaseModel, procedureOf } from '../../models/case';
import type { CaseState, TimelineEntry } from '../../workflows/state';
import { CONSTRUCTION_PERMIT, getUnit } from '../../domain/catalogue';
import { applicant, context } from '../helpers/fixtures';
import { isolatedMongoUri } from '../helpers/env';
import { caseState, timelineEntry as entry } from '../helpers/case-state';

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('readmodel'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});

function state(code: string, timeline: TimelineEntry[], stage: CaseState['stage']): CaseState {
  return caseState({
    code,
    procedureCode: 'P',
    procedureName: 'Thủ tục',
    applicant,
    stage,
    submittedAt: '2026-12-01T02:00:00.000Z',
    dueAt: '2026-12-20T10:00:00.000Z',
    originalDueAt: '2026-12-20T10:00:00.000Z',
    stageEnteredAt: '2026-12-01T02:00:00.000Z',
    stageDueAt: null,
    timeline,
  });
}

test('a retried or late write never duplicates a timeline entry nor goes backwards', async () => {
  const e1 = entry(1, 'submit');
  const e2 = entry(2, 'accept');
  const first = {
    state: state('C-1', [e1], 'VERIFICATION'),
    entry: e1,
    form: { a: 1 },
    context: context(),
  };
  const second = { state: state('C-1', [e1, e2], 'WARD_APPROVAL'), entry: e2 };
  expect(await projectCase(first)).toBe('applied');
  expect(await projectCase(first)).toBe('stale'); // retried
  expect(await projectCase(second)).toBe('applied');
  expect(await projectCase(first)).toBe('stale'); // a zombie attempt arriving late
  expect(await projectCase(second)).toBe('stale');
  const doc = await CaseModel.findById('C-1').lean();
  expect(doc!.timeline.map((e) => e.seq)).toEqual([1, 2]);
  expect(doc!.stage).toBe('WARD_APPROVAL');
  expect(doc!.version).toBe(2);
  expect(doc!.form).toEqual({ a: 1 }); // kept from the first write
  expect(procedureOf(doc!).formSchema).toEqual(context().procedure.formSchema);
});

test('a document created by the API first (tracking token) is filled in, not replaced', async () => {
  await CaseModel.create({ _id: 'C-2', code: 'C-2', version: 0, trackingTokenHash: 'abc' });
  const e1 = entry(1, 'submit');
  expect(await projectCase({ state: state('C-2', [e1], 'VERIFICATION'), entry: e1 })).toBe(
    'applied',
  );
  const doc = await CaseModel.findById('C-2').lean();
  expect(doc).toMatchObject({ trackingTokenHash: 'abc', version: 1, stage: 'VERIFICATION' });
});

test('a first event without context (patch "lean-history") keeps the form the submission stored and takes the procedure and units from the catalogue', async () => {
  const code = 'C-LEAN';
  await CaseModel.create({ _id: code, code, version: 0, form: { truong: 'giá trị' } });
  const e1 = entry(1, 'submit');
  const first = {
    ...state(code, [e1], 'VERIFICATION'),
    procedureCode: CONSTRUCTION_PERMIT.code,
    wardCode: 'SAIGON',
    departmentCode: 'SXD',
  };
  expect(await projectCase({ state: first, entry: e1 })).toBe('applied');
  const doc = await CaseModel.findById(code).lean();
  expect(doc!.form).toEqual({ truong: 'giá trị' });
  expect(procedureOf(doc!)).toEqual(CONSTRUCTION_PERMIT);
  expect(doc!.ward).toEqual(getUnit('SAIGON'));
  expect(doc!.department).toEqual(getUnit('SXD'));
  // Once there, they stay as they are.
  const e2 = entry(2, 'accept');
  const second = { ...first, stage: 'WARD_APPROVAL' as const, timeline: [e1, e2] };
  expect(await projectCase({ state: second, entry: e2 })).toBe('applied');
  expect(procedureOf((await CaseModel.findById(code).lean())!)).toEqual(CONSTRUCTION_PERMIT);
});

test('the open-case entry follows the case and goes once it is closed', async () => {
  const e1 = entry(1, 'submit');
  const e2 = entry(2, 'accept');
  const e3 = entry(3, 'refuse');
  const open = (stage: CaseState['stage'], t: TimelineEntry[]) => ({
    state: { ...state('C-3', t, stage), stageDueAt: '2026-12-02T10:00:00.000Z' },
    entry: t[t.length - 1]!,
  });
  await projectCase(open('VERIFICATION', [e1]));
  expect(await OpenCaseModel.findById('C-3').lean()).toMatchObject({
    stage: 'VERIFICATION',
    stageUnitCode: 'SAIGON',
    applicantName: applicant.fullName,
    stageDueAt: '2026-12-02T10:00:00.000Z',
    version: 1,
  });
  await projectCase(open('WARD_APPROVAL', [e1, e2]));
  expect(await OpenCaseModel.findById('C-3').lean()).toMatchObject({ stage: 'WARD_APPROVAL' });
  await projectCase(open('CLOSED', [e1, e2, e3]));
  expect(await OpenCaseModel.findById('C-3').lean()).toBeNull();
  // A late write of an earlier position brings nothing back.
  expect(await projectCase(open('WARD_APPROVAL', [e1, e2]))).toBe('stale');
  expect(await OpenCaseModel.findById('C-3').lean()).toBeNull();
});

test('the open-case entries are filled in once for cases written before they existed', async () => {
  await CaseModel.create({
    ...state('C-4', [entry(1, 'submit')], 'VERIFICATION'),
    _id: 'C-4',
    version: 1,
  });
  await CaseModel.create({ ...state('C-5', [], 'COMPLETED'), _id: 'C-5', version: 4 });
  await OpenCaseModel.deleteMany({});
  expect(await backfillOpenCases()).toBeGreaterThanOrEqual(1);
  expect(await OpenCaseModel.findById('C-4').lean()).toMatchObject({ stage: 'VERIFICATION' });
  expect(await OpenCaseModel.findById('C-5').lean()).toBeNull();
  await OpenCaseModel.deleteMany({});
  expect(await backfillOpenCases()).toBe(0); // once
});

/**
 * The case an action's HTTP answer shows (api/case-answer.ts): for a receipt (patch
 * "lean-history") the read model once it stands at the receipt's version, the workflow's own state
 * when it does not yet; for the whole state a run from before the patch answers, that state.
 */
import mongoose from 'mongoose';
import type { CaseCallDeps } from '../../api/workflow-errors';
import { caseAfter } from '../../api/case-answer';
import { clearReadCaches } from '../../api/read-cache';
import { connectMongo, disconnectMongo } from '../../models/db';
import { CaseModel, type CaseDoc } from '../../models/case';
import type { CaseState } from '../../workflows/state';
import { applicant } from '../helpers/fixtures';
import { isolatedMongoUri } from '../helpers/env';
import { caseState, timelineEntry as entry } from '../helpers/case-state';

beforeAll(async () => {
  await connectMongo(isolatedMongoUri('caseanswer'));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await disconnectMongo();
});
beforeEach(() => clearReadCaches());

const accepted = (code: string): CaseState =>
  caseState({
    code,
    procedureCode: 'P',
    procedureName: 'Thủ tục',
    applicant,
    stage: 'WARD_APPROVAL',
    submittedAt: '2026-12-01T02:00:00.000Z',
    dueAt: '2026-12-20T10:00:00.000Z',
    originalDueAt: '2026-12-20T10:00:00.000Z',
    stageEnteredAt: '2026-12-01T03:00:00.000Z',
    stageDueAt: '2026-12-04T10:00:00.000Z',
    timeline: [entry(1, 'submit'), entry(2, 'accept')],
  });

/** Temporal as far as caseAfter uses it: the query answers `state`, and counts its calls. */
function depsWith(state: CaseState) {
  const queries: string[] = [];
  const temporal = {
    withAbortSignal: (_s: AbortSignal, fn: () => unknown) => fn(),
    withDeadline: (_d: number, fn: () => unknown) => fn(),
    workflow: {
      getHandle: (code: string) => ({
        query: async () => {
          queries.push(code);
          return state;
        },
      }),
    },
  };
  const deps = {
    logger: { error: () => undefined },
    temporal,
    workerAvailable: async () => true,
  } as unknown as CaseCallDeps;
  return { deps, queries };
}

/** The case as the API read it before the action (still verifying). */
const before = (code: string) =>
  ({ _id: code, ...accepted(code), stage: 'VERIFICATION', version: 1 }) as unknown as CaseDoc;

test('a receipt: the read model at its version, without asking the workflow', async () => {
  const state = accepted('A-1');
  await CaseModel.create({ _id: 'A-1', ...state, version: 2, form: { a: 1 } });
  const { deps, queries } = depsWith(state);
  const shown = await caseAfter(deps, before('A-1'), {
    code: 'A-1',
    version: 2,
    stage: 'WARD_APPROVAL',
  });
  expect(shown).toMatchObject({ stage: 'WARD_APPROVAL', version: 2, form: { a: 1 } });
  expect(shown.timeline).toEqual(state.timeline);
  expect(queries).toEqual([]);
});

test('a receipt the read model has not reached: the workflow state over the stored case', async () => {
  const state = accepted('A-2');
  await CaseModel.create({
    _id: 'A-2',
    ...state,
    stage: 'VERIFICATION',
    version: 1,
    form: { a: 1 },
  });
  const { deps, queries } = depsWith(state);
  const shown = await caseAfter(deps, before('A-2'), {
    code: 'A-2',
    version: 2,
    stage: 'WARD_APPROVAL',
  });
  expect(shown).toMatchObject({ stage: 'WARD_APPROVAL', form: { a: 1 } });
  expect(queries).toEqual(['A-2']);
});

test('the whole state a run from before "lean-history" answers: shown over the case read before', async () => {
  const state = accepted('A-3'); // nothing stored: the answer alone is shown
  const { deps, queries } = depsWith(state);
  const shown = await caseAfter(deps, before('A-3'), state);
  expect(shown).toMatchObject({ _id: 'A-3', stage: 'WARD_APPROVAL', version: 1 });
  expect(shown.timeline).toHaveLength(2);
  expect(queries).toEqual([]);
});

/**
 * The case projection: the workflow's state after each event, written so that a retried or late
 * write never goes backwards and never duplicates a timeline entry (the stored document carries
 * the timeline position it reflects; only a newer position replaces it). Beside it, the small
 * open-case entry the inboxes read (models/case.ts) and the supervisors' board entry
 * (models/board.ts), written before the case so that a retry after a failure in between writes
 * them all.
 *
 * An event that carries only what changed (workflows/state-delta.ts) is made whole from the stored
 * document when it stands where the delta builds on (or already holds the event: a retry); otherwise
 * it is refused with PROJECTION_BEHIND and the workflow sends the whole state instead.
 *
 * The procedure and units come with the first event, or (since patch "lean-history") from the
 * catalogue when the projection has none; the form with the first event or from the submission,
 * which writes it with the case record.
 *
 * Every read and write goes by `_id`, the one lookup FerretDB answers from an index (see
 * models/db.ts): the position check is done on the stored document read by `_id`.
 */
import mongoose from 'mongoose';
import { ApplicationFailure } from '@temporalio/common';
import { isTerminal } from '../domain/stages';
import { isDuplicateKey, QUERY_OPTIONS, updateByIdIf } from '../models/db';
import { CaseModel, OpenCaseModel, type CaseDoc, type OpenCaseDoc } from '../models/case';
import type { CaseContext, CaseState } from '../workflows/state';
import { applyDelta, PROJECTION_BEHIND, storedState } from '../workflows/state-delta';
import { catalogueContext } from './case-context';
import { projectBoard } from './supervision/board';
import type { FullEventInput, RecordEventInput } from './types';

const older = (seq: number) => ({
  filter: { $or: [{ version: { $lt: seq } }, { version: { $exists: false } }] },
  holds: (stored: { version?: number } | null) =>
    !stored || stored.version === undefined || stored.version < seq,
});

function openCaseOf(state: CaseState, version: number): OpenCaseDoc {
  return {
    _id: state.code,
    code: state.code,
    procedureCode: state.procedureCode,
    procedureName: state.procedureName,
    applicantName: state.applicant?.fullName ?? null,
    stage: state.stage,
    stageUnitCode: state.stageUnitCode,
    stageDueAt: state.stageDueAt ?? null,
    assignee: state.assignee ?? null,
    overdue: state.overdue ?? false,
    atRisk: state.atRisk ?? false,
    version,
  };
}

const BACKFILL = 'open_cases';
const OPEN_CASE_FIELDS = Object.fromEntries(
  [
    'code',
    'procedureCode',
    'procedureName',
    'applicant',
    'stage',
    'stageUnitCode',
    'stageDueAt',
    'assignee',
    'overdue',
    'atRisk',
    'version',
  ].map((f) => [f, 1]),
);

/** Writes (or, once the case is closed, removes) the open-case entry of `state`. */
async function projectOpenCase(state: CaseState, version: number): Promise<void> {
  if (isTerminal(state.stage)) {
    await OpenCaseModel.deleteOne({ _id: state.code });
    return;
  }
  const { _id, ...fields } = openCaseOf(state, version);
  await updateByIdIf(OpenCaseModel, _id, older(version), { $set: fields }, { upsert: true });
}

/** The event with the whole state: as sent, or rebuilt from the stored projection and the delta. */
export async function wholeEvent(input: RecordEventInput): Promise<FullEventInput> {
  const { state, delta, ...rest } = input;
  if (state) return { ...rest, state };
  if (!delta) throw ApplicationFailure.nonRetryable('An event without a state.', 'BAD_EVENT');
  const stored = await CaseModel.findById(delta.code).lean<CaseDoc>();
  const at = stored?.version;
  // At the base: the event is new; at the entry's position: a retry after the projection was written.
  if (stored && (at === delta.base || at === input.entry.seq)) {
    return { ...rest, state: applyDelta(storedState(stored), delta, input.entry) };
  }
  throw ApplicationFailure.create({
    type: PROJECTION_BEHIND,
    message: `The projection of ${delta.code} is at ${at ?? 'nothing'}, the event builds on ${delta.base}.`,
    nonRetryable: true,
  });
}

/**
 * The procedure and units the projection keeps: as the event carried them (before patch
 * "lean-history"), or from the catalogue when the projection has none yet (the first event, a
 * lost projection); otherwise none (the stored ones stay). A procedure the catalogue no longer
 * knows is not a reason to stop the case's bookkeeping: the projection goes without.
 */
function contextFor(
  input: FullEventInput,
  stored: Pick<CaseDoc, 'department'> | null,
): Omit<CaseContext, 'calendar'> | null {
  if (input.context) return input.context;
  if (stored?.department) return null;
  const { procedureCode, wardCode } = input.state;
  try {
    return catalogueContext(procedureCode, wardCode);
  } catch (err) {
    if (err instanceof ApplicationFailure) return null;
    throw err;
  }
}

export async function projectCase(input: FullEventInput): Promise<'applied' | 'stale'> {
  const { state, entry, form } = input;
  const stored = await CaseModel.findById(state.code, { version: 1, department: 1 }).lean<
    Pick<CaseDoc, 'version' | 'department'>
  >();
  if (!older(entry.seq).holds(stored)) return 'stale';
  const context = contextFor(input, stored);
  await projectBoard(state, entry.seq);
  await projectOpenCase(state, entry.seq);
  const set: Record<string, unknown> = { ...state, version: entry.seq };
  if (form) set.form = form;
  if (context) {
    Object.assign(set, {
      procedure: JSON.stringify(context.procedure),
      ward: context.ward,
      department: context.department,
    });
  }
  const applied = await updateByIdIf(
    CaseModel,
    state.code,
    older(entry.seq),
    { $set: set },
    {
      upsert: true,
    },
  );
  return applied ? 'applied' : 'stale';
}

/**
 * Fills the open-case entries from the case documents, once per database (cases filed before the
 * entries existed would otherwise be missing from the inboxes until their next event). Reads every
 * case: run it at start, not per request.
 */
export async function backfillOpenCases(): Promise<number> {
  const migrations = mongoose.connection.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: BACKFILL }, QUERY_OPTIONS)) return 0;
  let written = 0;
  const cursor = CaseModel.find({}, OPEN_CASE_FIELDS).lean<CaseDoc[]>().cursor();
  for await (const doc of cursor) {
    if (!doc.stage || isTerminal(doc.stage)) continue;
    await projectOpenCase(doc, doc.version);
    written++;
  }
  await migrations.insertOne({ _id: BACKFILL, at: new Date() }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  return written;
}

const BOARD_BACKFILL = 'supervision_board';

/**
 * Fills the supervisors' board from the case documents, once per database (cases filed before the
 * board existed: open ones get their entry, closed ones are counted). Reads every case: at start.
 */
export async function backfillBoard(): Promise<number> {
  const migrations = mongoose.connection.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: BOARD_BACKFILL }, QUERY_OPTIONS)) return 0;
  let written = 0;
  const cursor = CaseModel.find({}, { form: 0, procedure: 0 }).lean<CaseDoc[]>().cursor();
  for await (const doc of cursor) {
    if (!doc.stage) continue;
    await projectBoard(doc, doc.version);
    written++;
  }
  await migrations.insertOne({ _id: BOARD_BACKFILL, at: new Date() }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err;
  });
  return written;
}

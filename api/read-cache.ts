/**
 * The API's hot reads, each answered from a short-lived in-process copy: the signed-in official
 * (every request of an official), a case by its code (`GET /api/cases/{code}`, the tracking page
 * polling it) and an inbox (`GET /api/inbox`).
 *
 * Why: the MongoDB-compatible server is the shared, slow part (FerretDB answers a lookup by `_id`
 * in milliseconds when idle, hundreds of ms when many wait; the inbox's filter is a scan). Under
 * 500 requests/s every request waited on its own query. Now identical reads in flight share one
 * query, and an answer is reused for a fraction of a second.
 *
 * What a reader may see: a copy at most `ttlMs` old, or, while another reader's request reloads
 * it (past `ttlMs`, for at most `STALE_MS` more), the copy before that reload. The API's own writes to a case (every
 * Update through `updateCase`) drop that case's copy and every inbox, so whoever acts reads
 * their own write. The checks that decide something (an action's pre-check, a preview, the
 * supervisors' actions) read the database, not these copies. An official deactivated in the
 * database is refused within `OFFICIAL_TTL_MS`.
 */
import type { Stage } from '../domain/types';
import { ReadCache } from '../runtime/read-cache';
import { CaseModel, OpenCaseModel, type CaseDoc, type OpenCaseDoc } from '../models/case';
import { OfficialModel, type OfficialDoc } from '../models/official';

/** How old a copy may be before it is read again, and how long past that it may still serve. */
export const CASE_TTL_MS = 1_000;
export const INBOX_TTL_MS = 1_000;
export const OFFICIAL_TTL_MS = 5_000;
export const STALE_MS = 1_000;

/** At most this many inbox entries are read (the rest of a unit's cases page past it). */
export const INBOX_MAX = 2000;

const cases = new ReadCache<CaseDoc | null>(CASE_TTL_MS, 2_000, undefined, STALE_MS);
const inboxes = new ReadCache<OpenCaseDoc[]>(INBOX_TTL_MS, 500, undefined, STALE_MS);
// Officials are not served stale: a deactivated official is refused within OFFICIAL_TTL_MS.
const officials = new ReadCache<OfficialDoc | null>(OFFICIAL_TTL_MS, 5_000);

export function cachedCase(code: string): Promise<CaseDoc | null> {
  return cases.get(code, () => CaseModel.findById(code).lean<CaseDoc>().exec());
}

/** The case read from the database now (for a decision); the copy is refreshed with it. */
export async function freshCase(code: string): Promise<CaseDoc | null> {
  const doc = await CaseModel.findById(code).lean<CaseDoc>().exec();
  cases.set(code, doc);
  return doc;
}

export function cachedOfficial(id: string): Promise<OfficialDoc | null> {
  return officials.get(id, () => OfficialModel.findById(id).lean<OfficialDoc>().exec());
}

/** The open cases at `stages` in `unitCode`, in no particular order. */
export function cachedInbox(unitCode: string, stages: readonly Stage[]): Promise<OpenCaseDoc[]> {
  const key = `${unitCode}|${[...stages].sort().join(',')}`;
  return inboxes.get(key, () =>
    OpenCaseModel.find({ stage: { $in: stages }, stageUnitCode: unitCode })
      .limit(INBOX_MAX)
      .lean<OpenCaseDoc[]>()
      .exec(),
  );
}

/** A case changed through this API: its copy and every inbox go. */
export function caseChanged(code: string): void {
  cases.forget(code);
  inboxes.clear();
}

/** Drops every copy (tests that change the database behind the API's back). */
export function clearReadCaches(): void {
  cases.clear();
  inboxes.clear();
  officials.clear();
}

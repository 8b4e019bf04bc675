/**
 * The case an action's HTTP answer shows, from the Update's answer. Since patch "lean-history" a
 * case answers an Update with a receipt (workflows/messages.ts `CaseReceipt`: the position of its
 * last recorded event) instead of the whole case, so that no answer copies the case into its
 * history; the case shown is the read model, which has reached that position by then (the
 * workflow answers after the event's bookkeeping). Should the read model be behind all the same,
 * the workflow's own state is asked for (a query, not kept in the history). A run from before the
 * patch answers with the whole case, shown as before, over `doc`.
 */
import type { CaseDoc } from '../models/case';
import { caseStateQuery, isWholeCase, type CaseAnswer } from '../workflows/messages';
import { freshCase } from './read-cache';
import { callCase, type CaseCallDeps } from './workflow-errors';

export async function caseAfter(
  deps: CaseCallDeps,
  doc: CaseDoc,
  answer: CaseAnswer,
): Promise<CaseDoc> {
  if (isWholeCase(answer)) return { ...doc, ...answer };
  const stored = await freshCase(doc.code);
  if (stored && stored.version >= answer.version) return stored;
  const handle = deps.temporal.workflow.getHandle(doc.code);
  const state = await callCase(deps, doc.code, () => handle.query(caseStateQuery));
  return { ...(stored ?? doc), ...state };
}

/**
 * The case after an Update, for tests that drive a workflow without the API: the whole case a run
 * from before patch "lean-history" answers, or, for a receipt, the workflow's state (queried),
 * which must stand where the receipt says (what the API reads from its read model instead).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { caseStateQuery, isWholeCase, type CaseAnswer } from '../../workflows/messages';
import type { CaseState } from '../../workflows/state';

export async function caseAfter(
  h: WorkflowHandle,
  answer: CaseAnswer | Promise<CaseAnswer>,
): Promise<CaseState> {
  const a = await answer;
  if (isWholeCase(a)) return a;
  const state = await h.query(caseStateQuery);
  if (state.code !== a.code || state.stage !== a.stage || state.timeline.length < a.version) {
    throw new Error(`receipt ${JSON.stringify(a)} does not match the case at ${state.stage}`);
  }
  return state;
}

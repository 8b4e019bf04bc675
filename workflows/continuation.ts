/**
 * Continue-as-new for long cases: supplement rounds and reassignments have no bound, and a history
 * that grows without one gets slow to replay and is finally cut off by the server. When the server
 * suggests it (or the history reaches `continueAsNewAfterEvents`, which tests lower), the case
 * continues as a new run of the same workflow id at a quiet moment — the chain waiting, the inbox
 * empty, no activity in flight, every handler finished — carrying its whole state over
 * (CaseInput.carried): the new run loads nothing and issues nothing again; its handlers,
 * deadlines and search attributes come back from the carried state. Behind patch "continue-as-new".
 */
import * as wf from '@temporalio/workflow';
import { caseClockOffset } from './case-clock';
import type { CarriedCase, CaseInput, CaseResult } from './state';

export const CONTINUE_PATCH = 'continue-as-new';
/** Well below the server's limits (50 000 events / 50 MB), above any ordinary case. */
const DEFAULT_EVENT_LIMIT = 10_000;

/** Continues as new when the history is long; returns when it is not (or not yet quiet). */
export async function continueIfLong(
  input: CaseInput,
  carry: () => Omit<CarriedCase, 'clock'>,
  quiet: () => boolean,
): Promise<void> {
  const info = wf.workflowInfo();
  const limit = input.continueAsNewAfterEvents ?? DEFAULT_EVENT_LIMIT;
  if (!info.continueAsNewSuggested && info.historyLength < limit) return;
  // Handlers of requests just answered finish within the activation.
  await wf.condition(() => wf.allHandlersFinished() || !quiet());
  if (!quiet() || !wf.allHandlersFinished() || !wf.patched(CONTINUE_PATCH)) return;
  const clock = input.clock || input.carried?.clock ? { offsetMs: caseClockOffset() } : null;
  await wf.continueAsNew<(i: CaseInput) => Promise<CaseResult>>({
    ...input,
    carried: { ...carry(), ...(clock ? { clock } : {}) },
  });
}

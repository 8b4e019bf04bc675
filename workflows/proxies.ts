/** The case workflow's activities, proxied by how they must behave when they fail. */
import * as wf from '@temporalio/workflow';
import type { CaseActivities } from '../activities/types';

/** Resolving the procedure: a few quick tries; an unknown code fails the case at once. */
export const lookup = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UNKNOWN_PROCEDURE', 'UNKNOWN_UNIT'] },
});
/** The read model, audit and outbox must eventually be written: retry until the database is back. */
export const bookkeeping = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** Documents an official is waiting for: a few tries, then the action fails and can be retried. */
export const interactive = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['SIGNING_GRANT_INVALID', 'KEY_UNAVAILABLE', 'TEMPLATE_ERROR'],
  },
});
/** Documents nobody waits for (the apology letter): retry until they can be made. */
export const background = wf.proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export type Via = typeof interactive;

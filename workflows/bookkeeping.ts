/**
 * Recording one event of a case (the `recordCaseEvent` activity: read model, audit chain,
 * notification outbox). Since patch "bookkeeping-delta" an event carries its timeline entry and
 * only the fields of the state that changed since the last recorded event (workflows/state-delta.ts);
 * when the activity finds the stored projection behind that point or lost, it refuses
 * (PROJECTION_BEHIND) and the event is sent again with the whole state and what the first event
 * carried, which repairs the projection. Earlier histories send the whole state every time. Since
 * patch "lean-history" a delta lists the documents that changed, not all of them.
 */
import * as wf from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { NotificationRequest } from '../domain/notification-rules';
import { LEAN_PATCH } from './lean-history';
import { bookkeeping } from './proxies';
import type { CaseContext, CaseState, TimelineEntry } from './state';
import { PROJECTION_BEHIND, stateDelta } from './state-delta';

export const DELTA_PATCH = 'bookkeeping-delta';

/** The state as last recorded and its timeline position. */
export interface Recorded {
  state: CaseState;
  seq: number;
}

export interface CaseEvent {
  /** The state after the event, its entry last in the timeline. */
  state: CaseState;
  entry: TimelineEntry;
  extra: { form?: Record<string, unknown>; context?: CaseContext };
  notifications: NotificationRequest[] | undefined;
  /**
   * What rebuilds a lost projection: the application (and, before patch "lean-history", the
   * context; since, the bookkeeping takes the procedure and units from the catalogue).
   */
  repair: { form: Record<string, unknown>; context: CaseContext };
}

const behind = (err: unknown): boolean =>
  err instanceof ActivityFailure &&
  err.cause instanceof ApplicationFailure &&
  err.cause.type === PROJECTION_BEHIND;

/** Records `event` (building on `last` where it can) and answers what the next event builds on. */
export async function recordEvent(last: Recorded | null, event: CaseEvent): Promise<Recorded> {
  const { state, entry, extra, notifications, repair } = event;
  const rest = {
    ...(extra.form ? { form: extra.form } : {}),
    ...(extra.context ? { context: extra.context } : {}),
    ...(notifications ? { notifications } : {}),
  };
  if (last && wf.patched(DELTA_PATCH)) {
    const lean = wf.patched(LEAN_PATCH);
    try {
      const delta = stateDelta(last.state, state, last.seq, { documentsById: lean });
      await bookkeeping.recordCaseEvent({ delta, entry, ...rest });
    } catch (err) {
      if (!behind(err)) throw err;
      const whole = lean ? { form: repair.form } : repair;
      await bookkeeping.recordCaseEvent({ state, entry, ...rest, ...whole });
    }
  } else {
    await bookkeeping.recordCaseEvent({ state, entry, ...rest });
  }
  return { state, seq: entry.seq };
}

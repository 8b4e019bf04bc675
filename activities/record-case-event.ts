/**
 * One event of a case, written everywhere it belongs: the read model, the audit chain, the
 * notification outbox. Each write is idempotent on its own key, so the activity can be retried
 * from the start after a failure at any point. An event that carries only what changed is made
 * whole from the stored projection first (read-model.ts `wholeEvent`), before anything is written.
 */
import { appendAudit } from './audit-log';
import { deliveriesOfActivity, enqueueNotifications } from './notifications';
import { projectCase, wholeEvent } from './read-model';
import type { RecordEventInput } from './types';

export async function recordCaseEvent(event: RecordEventInput): Promise<void> {
  const input = await wholeEvent(event);
  const { state, entry } = input;
  await projectCase(input);
  await appendAudit({
    key: `${state.code}#${entry.seq}`,
    at: entry.at,
    caseCode: state.code,
    action: entry.action,
    actor: entry.actor,
    data: {
      stage: entry.stage,
      stageAfter: state.stage,
      outcome: state.outcome,
      note: entry.note,
      dueAt: state.dueAt,
      documents: state.documents.map((d) => ({ id: d.id, kind: d.kind, sha256: d.sha256 })),
    },
  });
  if (input.notifications?.length) {
    await enqueueNotifications({
      caseState: state,
      entry,
      requests: input.notifications,
      deliveries: deliveriesOfActivity(),
    });
  }
}

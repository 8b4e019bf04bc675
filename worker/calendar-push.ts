/**
 * A new holiday table reaches the cases already running: when the worker starts with a table
 * whose calendar differs from the one last pushed, it signals `calendarUpdated` to every running
 * case (workflows/messages.ts), then remembers the version. Each case uses the new calendar for
 * the deadlines it sets from then on (a case ignores a version it already has, so a repeated or
 * racing push is harmless). New cases get the table with their context anyway.
 */
import type { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import { calendarDataOf, HOLIDAY_TABLE } from '../domain/calendar';
import type { Logger } from '../runtime/logger';
import { calendarUpdatedSignal } from '../workflows/messages';

const SETTINGS = 'settings';
const ID = 'calendar';

export async function pushCalendarToRunningCases(
  client: Client,
  logger: Logger,
): Promise<{ version: string; signalled: number }> {
  const data = calendarDataOf(HOLIDAY_TABLE);
  const settings = mongoose.connection.collection<{ _id: string; version: string }>(SETTINGS);
  const pushed = await settings.findOne({ _id: ID });
  if (pushed?.version === data.version) return { version: data.version, signalled: 0 };
  let signalled = 0;
  let failed = 0;
  for await (const wf of client.workflow.list({
    query: `WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'`,
  })) {
    await client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .signal(calendarUpdatedSignal, data)
      .then(() => signalled++)
      .catch((err: unknown) => {
        failed++;
        logger.warn({ err, case: wf.workflowId }, 'calendar not pushed');
      });
  }
  if (failed > 0) throw new Error(`${failed} running cases did not get the new calendar`);
  await settings.updateOne({ _id: ID }, { $set: { version: data.version } }, { upsert: true });
  logger.info({ version: data.version, signalled }, 'working-day calendar pushed to running cases');
  return { version: data.version, signalled };
}

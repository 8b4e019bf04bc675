/**
 * The periodic jobs run on Temporal Schedules: the worker's ensureSchedules creates them (and
 * updates them when run again), and a triggered run executes the job through the maintenance
 * workflow on the real stack.
 */
import { putFile } from '../../activities/documents/storage';
import { DocumentFileModel } from '../../models/document';
import { ensureSchedules, scheduleId, SCHEDULES } from '../../worker/schedules';
import { createHarness, eventually, type Harness } from './harness';

let h: Harness;
const prefix = `t${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await createHarness('schedules');
  await h.startWorker();
});
afterAll(async () => {
  for (const { job } of SCHEDULES)
    await h?.client.schedule
      .getHandle(scheduleId(job, prefix))
      .delete()
      .catch(() => undefined);
  await h?.close();
});

test('ensureSchedules creates every schedule once, and a triggered run does the job', async () => {
  const ids = await ensureSchedules(h.client, h.taskQueue, prefix);
  expect(await ensureSchedules(h.client, h.taskQueue, prefix)).toEqual(ids); // idempotent
  expect(ids).toHaveLength(SCHEDULES.length);
  for (const id of ids) {
    const d = await h.client.schedule.getHandle(id).describe();
    expect(d.action).toMatchObject({ workflowType: 'maintenanceWorkflow', taskQueue: h.taskQueue });
  }

  // An orphaned file from long ago: the orphan sweep removes it.
  const orphan = await putFile(Buffer.from('%PDF orphan'), 'x.pdf', { caseCode: 'GONE' });
  await DocumentFileModel.updateOne(
    { _id: orphan.fileId.toHexString() },
    { $set: { createdAt: new Date(Date.now() - 86_400_000) } },
  );
  const handle = h.client.schedule.getHandle(scheduleId('orphan-files', prefix));
  await handle.trigger();
  const run = await eventually(async () => (await handle.describe()).info.recentActions[0]);
  const result = await h.client.workflow.getHandle(run.action.workflow.workflowId).result();
  expect(result).toMatchObject({ removed: 1 });
  expect(await DocumentFileModel.countDocuments({ _id: orphan.fileId.toHexString() })).toBe(0);
});

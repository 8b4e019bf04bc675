/**
 * Crash test: the worker dies in the middle of a case, after a document was stored but before it
 * reported back. A new worker takes over; the case finishes with no duplicate timeline entries,
 * documents or audit entries.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AuditModel } from '../../models/audit';
import { CaseModel } from '../../models/case';
import { DocumentFileModel, DocumentModel } from '../../models/document';
import { caseStateQuery } from '../../workflows/messages';
import { TEST_TMP } from '../helpers/paths';
import { workflowBundle } from '../helpers/env';
import { createHarness, DEMO_PIN, eventually, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('crash');
});

afterAll(async () => {
  await h?.close();
});

test('a worker killed mid-document is replaced and the case finishes exactly once', async () => {
  const marker = path.join(TEST_TMP, `crash-${process.pid}-${Date.now()}`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'crashable-worker.ts')],
    {
      cwd: path.resolve(__dirname, '..', '..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        MONGODB_URI: h.mongoUri,
        TEMPORAL_TASK_QUEUE: h.taskQueue,
        WORKFLOW_BUNDLE_PATH: workflowBundle().codePath,
        CRASH_AFTER_KIND: 'DECISION',
        CRASH_MARKER: marker,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const handle = await h.startCase();
    await h.act(handle, 'receiver.saigon', { action: 'accept' });
    await h.act(handle, 'ward.saigon', { action: 'approve', pin: DEMO_PIN });
    const approving = h.act(handle, 'dept.sxd', { action: 'approve', pin: DEMO_PIN });
    approving.catch(() => undefined);
    await eventually(async () => fs.existsSync(marker), 60_000);
    child.kill('SIGKILL');
    await exited;

    await h.startWorker();
    const decided = await approving;
    expect(decided.stage).toBe('RESULT_READY');
    await h.act(handle, 'receiver.saigon', { action: 'handover' });
    await handle.result();

    const state = await handle.query(caseStateQuery);
    const seqs = state.timeline.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(state.timeline.map((e) => e.action)).toEqual([
      'submit',
      'accept',
      'approve',
      'approve',
      'handover',
    ]);

    const stored = await eventually(async () => {
      const d = await CaseModel.findById(state.code).lean();
      return d && d.version === state.timeline.length ? d : null;
    });
    expect(stored.timeline).toHaveLength(5);
    const docs = await DocumentModel.find({ caseCode: state.code }).lean();
    expect(docs.map((d) => d.kind).sort()).toEqual(['CONTROL_SHEET', 'DECISION', 'RECEIPT']);
    const decision = docs.find((d) => d.kind === 'DECISION')!;
    expect(fs.readFileSync(marker, 'utf8')).toBe(decision._id);
    // One file per stored version: nothing left over from the killed attempt.
    const files = await DocumentFileModel.find({ caseCode: state.code }, { _id: 1 }).lean();
    expect(files).toHaveLength(docs.reduce((n, d) => n + d.versions.length, 0));
    expect(await AuditModel.countDocuments({ caseCode: state.code })).toBe(state.timeline.length);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

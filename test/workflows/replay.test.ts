/**
 * Replay: histories of finished cases, saved under test/histories/, must replay against the
 * current workflow code. A change to the workflow that is not guarded with `patched()` makes this
 * fail with a determinism error. The files directly under test/histories/ are from before patches
 * "bookkeeping-delta" and "continue-as-new" (histories still in flight look like them); those in
 * test/histories/v2/ from after (one of them continued as new), those in v3/ from after patch
 * "lean-history". Regenerate v3 only for a deliberate, versioned change (after saving the present
 * ones in a new folder): `UPDATE_HISTORIES=1 npx jest test/workflows/case-workflow.test.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/env';
import { HISTORIES_DIR } from '../helpers/paths';

const jsonIn = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
const files = [
  ...jsonIn(HISTORIES_DIR),
  ...['v2', 'v3'].flatMap((v) => jsonIn(path.join(HISTORIES_DIR, v)).map((f) => `${v}/${f}`)),
];

test('saved histories exist for the ways a case ends', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'completed.json',
      'refused.json',
      'rejected-by-ward.json',
      'withdrawn.json',
      'supplement-expired.json',
      'late-with-apology.json',
      'v2/completed.json',
      'v2/late-with-apology.json',
      'v2/continued-as-new.json',
      'v2/continued-as-new-first-run.json',
      'v3/completed.json',
      'v3/submitted-online.json',
      'v3/continued-as-new.json',
    ]),
  );
});

test('every saved history replays against the current workflow code', async () => {
  const histories = files.map((f) => ({
    workflowId: f,
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: workflowBundle() },
    histories,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(histories.length).toBeGreaterThanOrEqual(26);
});

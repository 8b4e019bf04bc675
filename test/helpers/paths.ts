import path from 'node:path';

/** Scratch space of a test run (git-ignored, wiped by the global setup). */
export const TEST_TMP = path.resolve(__dirname, '..', '.tmp');

/** Saved histories of finished cases, replayed by test/workflows/replay.test.ts. */
export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

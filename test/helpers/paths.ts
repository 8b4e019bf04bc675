import path from 'node:path';

/** Scratch space of a test run (git-ignored, wiped by the global setup). */
export const TEST_TMP = path.resolve(__dirname, '..', '.tmp');

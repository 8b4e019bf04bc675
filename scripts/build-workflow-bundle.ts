/**
 * Prebuilds the Temporal workflow bundle, so that a production worker starts without running
 * webpack: the Dockerfile runs `node dist/scripts/build-workflow-bundle.js dist/workflow-bundle.js`
 * after compiling, and the image sets WORKFLOW_BUNDLE_PATH to the result (worker/main.ts loads it
 * instead of bundling `workflows/` at start).
 *
 * Usage: `tsx scripts/build-workflow-bundle.ts [output]` (default `dist/workflow-bundle.js`).
 * From `scripts/` it bundles the TypeScript sources; compiled into `dist/scripts/` it bundles the
 * compiled `dist/workflows/`, the same code the image's worker would otherwise bundle at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** The workflows entry, resolved the way worker/create-worker.ts resolves it. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows');

export async function buildWorkflowBundle(output: string): Promise<{ bytes: number }> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, code);
  return { bytes: Buffer.byteLength(code) };
}

async function main(): Promise<void> {
  const output = path.resolve(process.argv[2] ?? path.join('dist', 'workflow-bundle.js'));
  const started = Date.now();
  const { bytes } = await buildWorkflowBundle(output);
  const kib = Math.round(bytes / 1024);
  console.log(`workflow bundle: ${output} (${kib} KiB in ${Date.now() - started} ms)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}

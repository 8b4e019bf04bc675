/** The thread that verifies PDFs for signing/verify/isolated.ts; one verification at a time. */
import { parentPort } from 'node:worker_threads';
import { isSigningError } from '../errors';
import { checkPdfLimits, PdfLimitError } from '../pdf/limits';
import type { WorkerAnswer, WorkerTask } from './isolated';
import { verifyPdf, type VerificationReport, type VerifyOptions } from './report';

async function perform(pdf: Buffer, task: WorkerTask): Promise<VerificationReport | null> {
  if (task.kind === 'limits') {
    checkPdfLimits(pdf);
    return null;
  }
  // Structured cloning hands Buffers over as plain Uint8Arrays.
  const options: VerifyOptions = {
    ...task.options,
    crls: task.options.crls?.map((c) => (typeof c === 'string' ? c : Buffer.from(c))),
  };
  return verifyPdf(pdf, options);
}

parentPort?.on('message', (msg: { id: number; pdf: Uint8Array; task: WorkerTask }) => {
  const pdf = Buffer.from(msg.pdf.buffer, msg.pdf.byteOffset, msg.pdf.byteLength);
  perform(pdf, msg.task).then(
    (report) => parentPort?.postMessage({ id: msg.id, ok: true, report } satisfies WorkerAnswer),
    (err: unknown) =>
      parentPort?.postMessage({
        id: msg.id,
        ok: false,
        code: isSigningError(err) ? err.code : null,
        message: err instanceof Error ? err.message : String(err),
        ...(err instanceof PdfLimitError ? { limit: err.limit } : {}),
      } satisfies WorkerAnswer),
  );
});

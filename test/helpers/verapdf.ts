/**
 * veraPDF as an outside judge of PDF/A-2b: validates files in one JVM run and returns, per file,
 * whether it is compliant and which rules failed (clause, test number, description), so that a
 * failing test says what is wrong.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureVeraPdf } from '../../scripts/provision/verapdf';

const run = promisify(execFile);

export interface PdfaRuleFailure {
  clause: string;
  test: number;
  checks: number;
  description: string;
}

export interface PdfaResult {
  file: string;
  compliant: boolean;
  /** e.g. "PDF/A-2B validation profile". */
  profile: string;
  failures: PdfaRuleFailure[];
}

interface VeraJob {
  itemDetails: { name: string };
  validationResult?: VeraValidation | VeraValidation[];
  taskException?: unknown;
}

interface VeraValidation {
  compliant: boolean;
  profileName: string;
  details: {
    ruleSummaries: Array<{
      clause: string;
      testNumber: number;
      failedChecks: number;
      description: string;
    }>;
  };
}

/** "6.3.3-1 (2×): Every annotation ..." lines, for failure messages. */
export function describeFailures(result: PdfaResult): string[] {
  return result.failures.map(
    (f) => `${path.basename(result.file)} ${f.clause}-${f.test} (${f.checks}×): ${f.description}`,
  );
}

/** Validates `files` against veraPDF's PDF/A-2B profile. */
export async function validatePdfA2b(files: readonly string[]): Promise<PdfaResult[]> {
  const vera = await ensureVeraPdf();
  // veraPDF exits 1 when a file is not compliant; the JSON report is on stdout either way.
  const args = ['-cp', vera.jar, vera.mainClass, '--flavour', '2b', '--format', 'json', ...files];
  let stdout: string;
  try {
    stdout = (await run(vera.java, args, { maxBuffer: 256 * 1024 * 1024 })).stdout;
  } catch (err) {
    const out = (err as { stdout?: string }).stdout;
    if (!out) throw err;
    stdout = out;
  }
  const report = JSON.parse(stdout) as { report: { jobs: VeraJob[] } };
  return report.report.jobs.map((job) => {
    const file = job.itemDetails.name;
    const result = Array.isArray(job.validationResult)
      ? job.validationResult[0]
      : job.validationResult;
    if (!result) throw new Error(`veraPDF could not validate ${file}: ${JSON.stringify(job)}`);
    return {
      file,
      compliant: result.compliant,
      profile: result.profileName,
      failures: result.details.ruleSummaries.map((r) => ({
        clause: r.clause,
        test: r.testNumber,
        checks: r.failedChecks,
        description: r.description,
      })),
    };
  });
}

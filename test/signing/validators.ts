/**
 * Outside validators for the signing tests: poppler's pdfsig/pdftotext/pdftoppm, qpdf, NSS
 * certutil and pyHanko. Paths come from the provisioning module's `ensureValidators()` when it
 * is present; otherwise from the system (and a pyHanko venv given by $PYHANKO).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Validators {
  pdfsig: string;
  qpdf: string;
  certutil: string;
  pdftoppm: string;
  pdftotext: string;
  pyhanko: string;
}

type Ensure = () => Promise<Validators>;

function provisioned(): Ensure | undefined {
  // Resolved at run time so that this file compiles whether or not provisioning is present.
  // (scripts/provision.ts itself is a CLI entry point: requiring it would run it.)
  for (const rel of ['../../scripts/provision/index']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(__dirname, rel)) as { ensureValidators?: Ensure };
      if (typeof mod.ensureValidators === 'function') return mod.ensureValidators;
    } catch {
      // not there (yet)
    }
  }
  return undefined;
}

function fallback(): Validators {
  const pyhanko = [process.env.PYHANKO, '.tools/venv/bin/pyhanko', '/tmp/probe/venv/bin/pyhanko']
    .filter((p): p is string => !!p)
    .map((p) => path.resolve(__dirname, '../..', p))
    .find((p) => existsSync(p));
  return {
    pdfsig: '/usr/bin/pdfsig',
    qpdf: '/usr/bin/qpdf',
    certutil: '/usr/bin/certutil',
    pdftoppm: '/usr/bin/pdftoppm',
    pdftotext: '/usr/bin/pdftotext',
    pyhanko: pyhanko ?? 'pyhanko',
  };
}

let cached: Promise<Validators> | undefined;

/** The validator binaries. */
export function validators(): Promise<Validators> {
  cached ??= (async () => {
    const ensure = provisioned();
    if (ensure) {
      try {
        return await ensure();
      } catch {
        // fall through to the system binaries
      }
    }
    return fallback();
  })();
  return cached;
}

/** Runs a command; never rejects (returns the exit code and output). */
export async function exec(
  file: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}

/** A scratch directory under the OS temp dir. */
export function scratch(prefix = 'signing-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An NSS database trusting the given roots (for pdfsig). */
export async function nssDbTrusting(rootsPem: string): Promise<string> {
  const v = await validators();
  const dir = scratch('nss-');
  const roots = path.join(dir, 'roots.pem');
  writeFileSync(roots, rootsPem);
  await exec(v.certutil, ['-N', '-d', `sql:${dir}`, '--empty-password']);
  const blocks =
    rootsPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const [i, pem] of blocks.entries()) {
    const f = path.join(dir, `root${i}.pem`);
    writeFileSync(f, pem);
    const r = await exec(v.certutil, [
      '-A',
      '-d',
      `sql:${dir}`,
      '-n',
      `root${i}`,
      '-t',
      'C,C,C',
      '-i',
      f,
    ]);
    if (r.code !== 0) throw new Error(`certutil failed: ${r.stderr}`);
  }
  return dir;
}

/** One signature as pdfsig reports it. */
export interface PdfsigSignature {
  fieldName?: string;
  signatureValid: boolean;
  certificateTrusted: boolean;
  /** pdfsig's "Certificate Validation:" line, e.g. "Certificate has been Revoked." */
  certificateStatus?: string;
  signatureType?: string;
  totalDocumentSigned: boolean;
  raw: string;
}

/**
 * Runs pdfsig against an NSS database; returns the signed fields only. By default NSS asks the
 * OCSP responder of each signer's AIA (soft failure): the responder must be reachable, or poppler
 * 22.12 reports "Unknown issue with Certificate" for a chain NSS accepted (it reads PORT_GetError()
 * instead of CERT_PKIXVerifyCert's result, and a failed fetch leaves an error code behind; so does
 * `-no-ocsp`'s CRL check when the NSS database holds no CRL). See docs/signing.md. `noOcsp` is for
 * checks of the signature value alone.
 */
export async function pdfsig(
  file: string,
  nssDir: string,
  noOcsp = false,
): Promise<PdfsigSignature[]> {
  const v = await validators();
  const args = ['-nssdir', `sql:${nssDir}`, ...(noOcsp ? ['-no-ocsp'] : []), file];
  const r = await exec(v.pdfsig, args);
  // Empty signature fields are listed too ("The signature form field is not signed."): skipped.
  const parts = r.stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .filter((p) => !p.includes('The signature form field is not signed.'));
  return parts.map((raw) => ({
    fieldName: /Signature Field Name: (.*)$/m.exec(raw)?.[1]?.trim(),
    signatureValid: /Signature Validation: Signature is Valid\./.test(raw),
    certificateTrusted: /Certificate Validation: Certificate is Trusted\./.test(raw),
    certificateStatus: /Certificate Validation: (.*)$/m.exec(raw)?.[1]?.trim(),
    signatureType: /Signature Type: (.*)$/m.exec(raw)?.[1]?.trim(),
    totalDocumentSigned:
      /Total document signed/.test(raw) && !/Not total document signed/.test(raw),
    raw,
  }));
}

/** pyHanko's validation of `file` against `rootsFile` with `revocation`: exit code and output. */
async function pyhanko(
  file: string,
  rootsFile: string,
  revocation: '--no-revocation-check' | '--force-revinfo',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const v = await validators();
  return exec(v.pyhanko, [
    'sign',
    'validate',
    '--trust',
    rootsFile,
    '--trust-replace',
    revocation,
    '--pretty-print',
    file,
  ]);
}

/** pyHanko validation: exit code and the summary lines. */
export const pyhankoValidate = (file: string, rootsFile: string) =>
  pyhanko(file, rootsFile, '--no-revocation-check');

/** qpdf --check. */
export async function qpdfCheck(file: string): Promise<{ code: number; stdout: string }> {
  const v = await validators();
  const r = await exec(v.qpdf, ['--check', file]);
  return { code: r.code, stdout: r.stdout + r.stderr };
}

/** One signature or time-stamp as EU DSS judges it (scripts/provision/dss-validator). */
export interface DssToken {
  id: string;
  indication: string;
  subIndication: string;
  format: string;
  signedBy: string | null;
  errors: string[];
  warnings: string[];
  qualificationErrors: string[];
}

/** What EU DSS reports for one file: its signatures and its document time-stamps. */
export interface DssFileReport {
  signatures: DssToken[];
  timestamps: DssToken[];
}

/**
 * Validates PDFs with EU DSS under its default policy, offline: only the revocation data the
 * documents embed counts (B-LT). One JVM for all the files.
 */
export async function dssValidateReports(
  files: readonly string[],
  rootsFile: string,
  options: { time?: Date } = {},
): Promise<Map<string, DssFileReport>> {
  const { dss } = (await validators()) as Validators & {
    dss: { java: string; classpath: string; mainClass: string };
  };
  const args = ['-cp', dss.classpath, dss.mainClass, '--trust', rootsFile];
  if (options.time) args.push('--time', options.time.toISOString());
  const r = await exec(dss.java, [...args, ...files]);
  if (r.code !== 0) throw new Error(`DSS failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
  const out = new Map<string, DssFileReport>();
  for (const line of r.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const parsed = JSON.parse(line) as { file: string } & DssFileReport;
    out.set(parsed.file, { signatures: parsed.signatures, timestamps: parsed.timestamps });
  }
  return out;
}

/** {@link dssValidateReports}, the signatures only. */
export async function dssValidate(
  files: readonly string[],
  rootsFile: string,
  options: { time?: Date } = {},
): Promise<Map<string, DssToken[]>> {
  const reports = await dssValidateReports(files, rootsFile, options);
  return new Map([...reports].map(([file, report]) => [file, report.signatures]));
}

/** pyHanko requiring revocation information for every certificate (fetched over loopback). */
export const pyhankoValidateRevinfo = (file: string, rootsFile: string) =>
  pyhanko(file, rootsFile, '--force-revinfo');

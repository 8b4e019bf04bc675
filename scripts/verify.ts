/**
 * `npm run verify -- file.pdf [--trust roots.pem] [--crl file.crl ...] [--certs extra.pem] [--json]`
 *
 * Verifies every signature of a PDF and prints the report (the `POST /api/verify` shape with
 * `--json`). Exit code 0 only when the document is valid; 1 when it is not; 2 for usage errors
 * and unreadable input.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type SignatureReport, isSigningError, verifyPdf } from '../signing';

interface Args {
  file?: string;
  trust: string[];
  crls: string[];
  certs: string[];
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { trust: [], crls: [], certs: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--trust') args.trust.push(next());
    else if (a === '--crl') args.crls.push(next());
    else if (a === '--certs') args.certs.push(next());
    else if (a === '--help' || a === '-h') throw new Error('help');
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (args.file) throw new Error('give one PDF file');
    else args.file = a;
  }
  return args;
}

const USAGE =
  'usage: npm run verify -- file.pdf [--trust roots.pem] [--crl file.crl] [--certs intermediates.pem] [--json]';

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}

function describe(s: SignatureReport, i: number): string {
  const lines = [
    `#${i + 1} field "${s.fieldName}"`,
    `   signer:     ${[s.signerName, s.title, s.organization].filter(Boolean).join(', ') || '(unknown)'}`,
    `   signed at:  ${s.signedAt ?? '(no /M)'}`,
    `   integrity:  ${s.integrity}    chain: ${s.chain}    PAdES: ${s.padesLevel ?? '-'} (${s.subFilter ?? 'no SubFilter'})`,
    `   covers the whole document: ${yesNo(s.coversWholeDocument)}    modified after signing: ${yesNo(s.modifiedAfterSigning)}`,
  ];
  if (s.signerCertificate)
    lines.push(
      `   certificate: ${s.signerCertificate.subject} (serial ${s.signerCertificate.serialNumber})`,
    );
  for (const e of s.errors) lines.push(`   ! ${e}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
    if (!args.file) throw new Error('no file given');
  } catch (err) {
    console.error(
      (err as Error).message === 'help' ? USAGE : `${(err as Error).message}\n${USAGE}`,
    );
    return 2;
  }
  if (args.trust.length === 0) {
    const fallback = path.join('samples', 'out', 'roots.pem');
    if (!existsSync(fallback)) {
      console.error(
        `no trust anchors: pass --trust roots.pem (or run npm run samples first)\n${USAGE}`,
      );
      return 2;
    }
    args.trust.push(fallback);
    if (!args.json) console.error(`(trusting ${fallback})`);
  }
  try {
    const report = await verifyPdf(readFileSync(args.file as string), {
      trustAnchorsPem: args.trust.map((f) => readFileSync(f, 'utf8')),
      extraCertificatesPem: args.certs.map((f) => readFileSync(f, 'utf8')),
      crls: args.crls.map((f) => readFileSync(f)),
    });
    if (args.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(
        `${args.file}: ${report.valid ? 'VALID' : 'NOT VALID'} (${report.signatures.length} signature${report.signatures.length === 1 ? '' : 's'})`,
      );
      report.signatures.forEach((s, i) => console.log(describe(s, i)));
    }
    return report.valid ? 0 : 1;
  } catch (err) {
    if (isSigningError(err)) {
      if (args.json)
        console.log(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else console.error(`${args.file}: ${err.code}: ${err.message}`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`${(err as NodeJS.ErrnoException).path ?? 'file'}: no such file`);
      return 2;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);

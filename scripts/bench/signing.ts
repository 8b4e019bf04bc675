/**
 * Signing benchmark: milliseconds per PAdES signature on a 3-page document (median of a few
 * hundred), signatures per second on this machine (one process, and one process per core), and
 * the same for @signpdf/signpdf + @signpdf/signer-p12 + @signpdf/placeholder-plain and pyHanko
 * on the same input and key, and the raw RSA-2048 `crypto.sign` underneath them all.
 */
import { execFileSync, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePyHanko } from '../provision/index';
import { VENV_BIN } from '../provision/paths';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  LocalKeySigner,
  createDevelopmentPki,
  enrollSigner,
  exportPkcs12,
  signPdf,
  unlockKey,
  verifyPdf,
} from '../../signing';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 20;

async function threePages(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= 3; i++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let l = 0; l < 40; l++)
      page.drawText(`Trang ${i}, dong ${l + 1}: noi dung van ban hanh chinh.`, {
        x: 50,
        y: 800 - l * 18,
        size: 11,
        font,
      });
  }
  // Classic xref: @signpdf/placeholder-plain cannot read xref streams.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function setup() {
  const kek = Buffer.alloc(32, 1);
  const pki = await createDevelopmentPki({ kek });
  const official = await enrollSigner(pki, kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Nguyễn Văn A',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Sài Gòn',
    },
    pin: '123456',
  });
  const unlocked = unlockKey(official.keyRecord, '123456', kek);
  if (!unlocked.ok) throw new Error('unlock failed');
  const signer = new LocalKeySigner(unlocked.key, official.certificatePem, official.chainPems);
  const p12 = exportPkcs12(
    {
      privateKey: unlocked.key._keyObject(),
      certificatePem: official.certificatePem,
      chainPems: official.chainPems,
    },
    'bench',
  );
  return { pki, signer, p12, pdf: await threePages() };
}

type Setup = Awaited<ReturnType<typeof setup>>;
type Run = (s: Setup) => Promise<Buffer>;

const runs: Record<string, Run> = {
  'ours, visible appearance (Tinos subset)': (s) =>
    signPdf(s.pdf, s.signer, {
      fieldName: 'Ky',
      placement: { page: 0, rect: [320, 40, 560, 110] },
    }),
  'ours, invisible': (s) => signPdf(s.pdf, s.signer, { fieldName: 'Ky' }),
  '@signpdf (placeholder-plain + signer-p12)': (s) => {
    const withPlaceholder = plainAddPlaceholder({
      pdfBuffer: s.pdf,
      reason: 'Phe duyet',
      contactInfo: '',
      name: 'Nguyen Van A',
      location: 'Sai Gon',
      signatureLength: 16384,
    });
    return new SignPdf().sign(withPlaceholder, new P12Signer(s.p12, { passphrase: 'bench' }));
  },
};

async function measure(s: Setup, run: Run, n: number): Promise<{ median: number; total: number }> {
  for (let i = 0; i < WARMUP; i++) await run(s);
  const times: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await run(s);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, total };
}

/** Child mode: signs `n` times with one run and reports elapsed ms (for the all-cores figure). */
async function child(name: string, n: number): Promise<void> {
  const s = await setup();
  const run = runs[name] as Run;
  for (let i = 0; i < WARMUP; i++) await run(s);
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run(s);
  process.send?.({ ms: Number(process.hrtime.bigint() - t) / 1e6 });
}

async function allCores(name: string, n: number): Promise<number> {
  const cores = os.cpus().length;
  const children = Array.from({ length: cores }, () =>
    fork(__filename, ['--child', name, String(n)], { execArgv: ['--import', 'tsx'] }),
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const t = process.hrtime.bigint();
  const done = children.map((c) => new Promise((r) => c.once('message', r)));
  for (const c of children) c.send('go');
  await Promise.all(done);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  for (const c of children) c.kill();
  return (cores * n * 1000) / ms;
}

export interface SigningRow {
  name: string;
  medianMs: number;
  perSecond: number | null;
  allCoresPerSecond: number | null;
}

export interface SigningResult {
  pdfBytes: number;
  iterations: number;
  rows: SigningRow[];
  ratios: Record<string, number>;
}

/** pyHanko signing the same PDF with the same key in one Python process (median ms). */
async function pyHankoMedian(s: Setup, n: number): Promise<number> {
  await ensurePyHanko();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-pyhanko-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), s.pdf);
    fs.writeFileSync(path.join(dir, 'key.p12'), s.p12);
    const out = execFileSync(
      path.join(VENV_BIN, 'python'),
      [
        path.join(__dirname, 'pyhanko_sign.py'),
        path.join(dir, 'in.pdf'),
        path.join(dir, 'key.p12'),
        'bench',
        String(n),
      ],
      { encoding: 'utf8' },
    );
    return (JSON.parse(out) as { medianMs: number }).medianMs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The RSA-2048 PKCS#1 v1.5 signature of a signed-attributes-sized input, alone. */
function rawSignMedian(n: number): number {
  // A key parsed from its encoding, not the generation job's own object (signing/pki/keys.ts).
  const pem = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }).privateKey;
  const privateKey = crypto.createPrivateKey(pem);
  const data = crypto.randomBytes(120);
  for (let i = 0; i < 50; i++) crypto.sign('sha256', data, privateKey);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    crypto.sign('sha256', data, privateKey);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function runSigningBench(
  opts: { iterations?: number; allCores?: boolean; log?: (l: string) => void } = {},
): Promise<SigningResult> {
  const n = opts.iterations ?? ITERATIONS;
  const s = await setup();
  const check = await verifyPdf(await runs['ours, visible appearance (Tinos subset)']!(s), {
    trustAnchorsPem: s.pki.trustAnchorsPem,
  });
  if (!check.valid) throw new Error('benchmark output does not verify');
  const rows: SigningRow[] = [];
  for (const [name, run] of Object.entries(runs)) {
    opts.log?.(`signing: ${name}`);
    const { median, total } = await measure(s, run, n);
    const cores =
      opts.allCores === false ? null : await allCores(name, Math.max(20, Math.floor(n / 3)));
    rows.push({
      name,
      medianMs: round(median),
      perSecond: round((n * 1000) / total),
      allCoresPerSecond: cores && round(cores),
    });
  }
  opts.log?.('signing: pyHanko');
  rows.push({
    name: 'pyHanko 0.38 (invisible, same key)',
    medianMs: round(await pyHankoMedian(s, Math.min(n, 100))),
    perSecond: null,
    allCoresPerSecond: null,
  });
  rows.push({
    name: 'raw crypto.sign RSA-2048',
    medianMs: round(rawSignMedian(n)),
    perSecond: null,
    allCoresPerSecond: null,
  });
  const ms = (prefix: string): number =>
    rows.find((r) => r.name.startsWith(prefix))?.medianMs ?? NaN;
  return {
    pdfBytes: s.pdf.length,
    iterations: n,
    rows,
    ratios: {
      '@signpdf / ours (visible)': round(ms('@signpdf') / ms('ours, visible')),
      '@signpdf / ours (invisible)': round(ms('@signpdf') / ms('ours, invisible')),
      'pyHanko / ours (invisible)': round(ms('pyHanko') / ms('ours, invisible')),
      'raw crypto.sign / ours (invisible)': round(ms('raw') / ms('ours, invisible')),
    },
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child')
    return child(process.argv[3] as string, Number(process.argv[4]));
  const r = await runSigningBench();
  console.log(JSON.stringify(r, null, 1));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

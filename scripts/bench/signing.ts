/**
 * Signing benchmark: milliseconds per PAdES signature on a 3-page document (median of a few
 * hundred), signatures per second on this machine (one process, and one process per core), and
 * the same for @signpdf/signpdf + @signpdf/signer-p12 + @signpdf/placeholder-plain on the same
 * input. Prints figures only.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
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

async function main(): Promise<void> {
  if (process.argv[2] === '--child')
    return child(process.argv[3] as string, Number(process.argv[4]));
  const s = await setup();
  // Sanity: our output verifies.
  const check = await verifyPdf(await runs['ours, visible appearance (Tinos subset)']!(s), {
    trustAnchorsPem: s.pki.trustAnchorsPem,
  });
  if (!check.valid) throw new Error('benchmark output does not verify');
  console.log(
    `signing benchmark: 3-page PDF (${s.pdf.length} bytes), RSA-2048, SHA-256, ${ITERATIONS} signatures each`,
  );
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}\n`,
  );
  const results: Record<string, { median: number; perSecond: number; allCores: number }> = {};
  for (const [name, run] of Object.entries(runs)) {
    const { median, total } = await measure(s, run, ITERATIONS);
    const perSecond = (ITERATIONS * 1000) / total;
    const cores = await allCores(name, Math.max(20, Math.floor(ITERATIONS / 3)));
    results[name] = { median, perSecond, allCores: cores };
    console.log(
      `${name.padEnd(44)} median ${median.toFixed(2).padStart(7)} ms/signature   ${perSecond.toFixed(1).padStart(6)} signatures/s (1 process)   ${cores.toFixed(1).padStart(6)} signatures/s (${os.cpus().length} processes)`,
    );
  }
  const ours = results['ours, visible appearance (Tinos subset)']!;
  const oursInvisible = results['ours, invisible']!;
  const theirs = results['@signpdf (placeholder-plain + signer-p12)']!;
  console.log(
    `\nratio (@signpdf median / ours median): visible ${(theirs.median / ours.median).toFixed(2)}x, invisible ${(theirs.median / oursInvisible.median).toFixed(2)}x` +
      '  (>1 means ours is faster; @signpdf makes a non-baseline signature: signing-time, no signing-certificate-v2, no appearance)',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

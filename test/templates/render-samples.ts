/**
 * Regenerates docs/templates/<kind>.png (page 1 of each kind, 72 dpi, unsigned) from the demo
 * data, and docs/templates/manifest.json with the SHA-256 of each PDF that produced them; the test
 * suite fails when a template changes and the samples were not regenerated. Then
 * docs/templates/signed-<kind>.png: the page carrying the signatures of each kind, signed as the
 * demo case of `npm run samples` signs it (fresh development PKI, so these change at every run and
 * are not in the manifest), in colour at 80 dpi.
 *
 *   npx tsx test/templates/render-samples.ts [outDir]
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDevelopmentPki } from '../../signing';
import { renderDocument } from '../../templates';
import { buildDemoCase } from '../../scripts/samples/case';
import { documentSamplesFor } from '../../scripts/samples/documents';
import { sampleData as caseSampleData } from '../../scripts/samples/data';
import type { DocumentKind } from '../../domain/types';
import { KINDS, sampleData } from './fixtures';

function sampleDataFor(demo: ReturnType<typeof buildDemoCase>, kind: DocumentKind): never {
  return caseSampleData[kind](demo) as never;
}
import { tools } from './tools';

export const SAMPLES_DIR = resolve(__dirname, '../../docs/templates');
export const SAMPLE_DPI = 72;

export function sampleFileName(kind: string): string {
  return `${kind.toLowerCase().replace(/_/g, '-')}.png`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function main(outDir: string): Promise<void> {
  const { pdftoppm } = await tools();
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'samples-'));
  const data = sampleData();
  const manifest: Record<string, { png: string; pdfSha256: string; pages: number }> = {};
  try {
    for (const kind of KINDS) {
      const doc = await renderDocument(kind, data[kind] as never);
      const pdfPath = join(work, `${kind}.pdf`);
      writeFileSync(pdfPath, doc.pdf);
      const prefix = join(work, kind);
      execFileSync(pdftoppm, [
        '-png',
        '-gray',
        '-r',
        String(SAMPLE_DPI),
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdfPath,
        prefix,
      ]);
      renameSync(`${prefix}.png`, join(outDir, sampleFileName(kind)));
      manifest[kind] = {
        png: sampleFileName(kind),
        pdfSha256: sha256(doc.pdf),
        pages: doc.pageCount,
      };
      if (process.env.KEEP_PDF) writeFileSync(join(outDir, `${kind}.pdf`), doc.pdf);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await renderSigned(outDir, pdftoppm);
  console.log(`wrote ${KINDS.length} samples and their signed pages to ${outDir}`);
}

/** docs/templates/signed-<kind>.png: the page of each kind's last signature, signed. */
async function renderSigned(outDir: string, pdftoppm: string): Promise<void> {
  const kek = Buffer.alloc(32, 0x42);
  const pki = await createDevelopmentPki({ kek });
  const demo = buildDemoCase();
  const work = mkdtempSync(join(tmpdir(), 'signed-samples-'));
  try {
    for (const sample of await documentSamplesFor(pki, kek, demo)) {
      const pdfPath = join(work, sample.fileName);
      writeFileSync(pdfPath, sample.pdf);
      const rendered = await renderDocument(sample.kind, sampleDataFor(demo, sample.kind));
      const page = Math.max(
        ...rendered.signatureFields
          .filter((f) => sample.signedFields.includes(f.name))
          .map((f) => f.page),
      );
      const prefix = join(work, sample.kind);
      execFileSync(pdftoppm, [
        '-png',
        '-r',
        '80',
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        pdfPath,
        prefix,
      ]);
      renameSync(`${prefix}.png`, join(outDir, `signed-${sampleFileName(sample.kind)}`));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv[2] ? resolve(process.argv[2]) : SAMPLES_DIR).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

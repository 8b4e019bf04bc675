/**
 * docs/templates holds one rendered page per kind for reviewers. The manifest records the SHA-256
 * of the PDF each PNG was made from; when a template changes, regenerate them with
 *   npx tsx test/templates/render-samples.ts
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocument } from '../../templates';
import { KINDS, sampleData } from './fixtures';
import { SAMPLES_DIR, sampleFileName, sha256 } from './render-samples';

const manifestPath = join(SAMPLES_DIR, 'manifest.json');

describe('rendered samples in docs/templates', () => {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<
    string,
    { png: string; pdfSha256: string; pages: number }
  >;

  it.each(KINDS)('%s: a small PNG exists and matches the current template', async (kind) => {
    const entry = manifest[kind];
    expect(entry?.png).toBe(sampleFileName(kind));
    const png = join(SAMPLES_DIR, sampleFileName(kind));
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(20_000);
    expect(statSync(png).size).toBeLessThan(250_000);
    const doc = await renderDocument(kind, sampleData()[kind] as never);
    // If this fails: the template changed; run `npx tsx test/templates/render-samples.ts`.
    expect(sha256(doc.pdf)).toBe(entry?.pdfSha256);
  });
});

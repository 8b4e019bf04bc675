/**
 * The verification page as a citizen uses it, in headless Chromium (Debian's, driven by
 * playwright-core): choose a signed decision, press "Xác minh", read the verdict and the signers
 * with their diacritics intact; a tampered file is shown as not valid. Screenshots are kept in
 * test/.tmp/ for a look.
 */
import path from 'node:path';
import fs from 'node:fs';

import mongoose from 'mongoose';
import { type Browser } from 'playwright-core';

import { resolveSigner } from '../../activities/documents/signers';

import { seedDevelopment } from '../../scripts/seed';
import { parseKek, signPdf } from '../../signing';
import { renderDocument } from '../../templates';
import { sampleData } from '../templates/fixtures';

import { TEST_TMP } from '../helpers/paths';
import { launchChromium, serveApi, type ServedApi } from '../helpers/api';

let api: ServedApi;
let url: string;
let browser: Browser;
const dir = path.join(TEST_TMP, 'browser');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  api = await serveApi({ label: 'browser' });
  url = api.url;
  const kek = parseKek(api.deps.config.keyEncryptionKey);
  await seedDevelopment({ kek, password: 'demo', pin: '123456' });

  // A decision signed by the department's approver, then sealed: the citizen's document.
  let pdf: Uint8Array = (await renderDocument('DECISION', sampleData().DECISION)).pdf;
  const { OfficialModel } = await import('../../models/official');
  const { createSigningGrant } = await import('../../activities/signing-grants');
  const official = (await OfficialModel.findById('dept.sxd').lean())!;
  const grant = await createSigningGrant({
    officialId: official._id,
    caseCode: 'BROWSER',
    pin: '123456',
    kek,
  });
  for (const ref of [
    {
      kind: 'official' as const,
      actor: { id: official._id, name: official.fullName, title: official.title, unitCode: 'SXD' },
      grant,
      field: 'approver',
    },
    { kind: 'seal' as const, unitCode: 'SXD', field: 'seal' },
  ]) {
    const s = await resolveSigner(ref, {
      caseCode: 'BROWSER',
      kek,
      use: { kind: 'document', key: ref.field },
    });
    try {
      pdf = await signPdf(pdf, s.signer, { fieldName: ref.field });
    } finally {
      s.dispose();
    }
  }
  fs.writeFileSync(path.join(dir, 'decision.pdf'), pdf);
  const tampered = Buffer.from(pdf);
  const at = tampered.indexOf('\n') + 2; // the binary comment under %PDF-: the file stays readable
  tampered[at] = (tampered[at] as number) ^ 0x01;
  fs.writeFileSync(path.join(dir, 'tampered.pdf'), tampered);

  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await api?.close();
});

test('a citizen verifies a signed decision, and sees a tampered copy refused', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(url);
  await expect(page.locator('h1').textContent()).resolves.toBe('Xác minh văn bản điện tử');

  await page.setInputFiles('#file', path.join(dir, 'decision.pdf'));
  await page.click('#submit');
  const verdict = page.locator('#verdict');
  await verdict.waitFor({ state: 'visible' });
  await page.locator('#verdict.ok').waitFor();
  expect(await verdict.textContent()).toContain('Văn bản hợp lệ: 2 chữ ký');
  const rows = await page.locator('#signatures tbody tr').allTextContents();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toContain('Đặng Hoàng Sơn');
  expect(rows[0]).toContain('Tin cậy');
  expect(rows[1]).toContain('Sở Xây dựng');
  await page.screenshot({ path: path.join(dir, 'verify-valid.png'), fullPage: true });

  await page.setInputFiles('#file', path.join(dir, 'tampered.pdf'));
  await page.click('#submit');
  await page.locator('#verdict.bad').waitFor(); // the earlier result is cleared on submit
  expect(await verdict.textContent()).toContain('KHÔNG hợp lệ');
  expect(await page.locator('#signatures tbody').textContent()).toContain('Bị thay đổi');
  await page.screenshot({ path: path.join(dir, 'verify-tampered.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('the API documentation page lists every operation', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${url}/api/docs`);
  await page.locator('.operation').first().waitFor();
  expect(await page.locator('.operation').count()).toBeGreaterThan(15);
  expect(await page.locator('#operations').textContent()).toContain('/api/cases/{code}/actions');
  await page.screenshot({ path: path.join(dir, 'api-docs.png') });
  expect(problems).toEqual([]);
});

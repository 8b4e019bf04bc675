/**
 * The applicant's pages in headless Chromium on the real stack: filing a household-business
 * registration with the form generated from its schema, signed by a key made in the browser
 * (WebCrypto), with an attachment; a wrong identity number is shown beside its field first. Then
 * following the dossier with its code and tracking token, answering a supplement request with a
 * file, and withdrawing it. The form is shown rendered before it is signed; the
 * link given after filing opens the case with its token. Screenshots in test/.tmp/browser/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type Page } from 'playwright-core';

import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';

import { englishLines } from '../helpers/english';
import { TEST_TMP } from '../helpers/paths';
import { fillEForm } from '../helpers/pages';
import type { Harness } from '../integration/harness';
import { TINY_PNG, type ServedApi } from '../helpers/api';
import { closeStack, openBrowserStack } from '../helpers/stack';

const EXAMPLE = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === '1.001612.000.00.00.H29')!;
const PNG = TINY_PNG;

let h: Harness;
let api: ServedApi;
let url: string;
let browser: Browser;
const dir = path.join(TEST_TMP, 'browser');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  ({ h, api, url, browser } = await openBrowserStack('applicant-pages', (h) =>
    h.spreadDossierSerials(EXAMPLE.wardCode),
  ));
});

afterAll(() => closeStack({ h, api, browser }));

/**
 * The page as it stands, on a 390 px phone: no horizontal scroll (the other pages are walked by
 * every-page.test.ts; these states need a filed case). Keeps a screenshot, then goes back.
 */
async function fitsPhone(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 900 });
  const [scroll, inner] = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as [number, number];
  await page.screenshot({ path: path.join(dir, `${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1100, height: 900 });
  expect(`${name}: ${scroll}`).toBe(`${name}: ${Math.min(scroll, inner)}`);
}

/** Every leaf of the example's form as [data-path, value]. */
test('a citizen files a signed dossier, follows it and withdraws it', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${url}/apply.html`);
  await page.selectOption('#procedure', EXAMPLE.procedureCode);
  await page.selectOption('#ward', EXAMPLE.wardCode);
  await page.fill('#fullName', EXAMPLE.applicant.fullName.normalize('NFD'));
  await page.fill('#idNumber', '123');
  await page.fill('#phone', EXAMPLE.applicant.phone);
  await page.fill('#address', EXAMPLE.applicant.address);
  await fillEForm(page, EXAMPLE.form);
  await page.setInputFiles('#attachments', {
    name: 'Giấy tờ nhà.png',
    mimeType: 'image/png',
    buffer: PNG,
  });

  // Every field's hint is shown beside it, from the schema the server enforces.
  const idHint = page.locator('label:has([data-path="applicant.idNumber"]) .hint');
  expect(await idHint.textContent()).toMatch(/12 chữ số/);

  await page.click('#submit');
  await page.locator('#message.bad').waitFor();
  const besideId = page.locator('label:has([data-path="applicant.idNumber"]) .field-error');
  expect(await besideId.textContent()).toMatch(/12/);
  // Chromium asks for English (en-US); the Vietnamese page still gets Vietnamese messages.
  expect(await besideId.textContent()).toMatch(/^Số định danh cá nhân/);
  expect(await page.locator('#message').textContent()).not.toMatch(/\b(the|request|field|not)\b/i);
  expect(await page.locator('#idNumber').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#review').isHidden()).toBe(true);
  await page.screenshot({ path: path.join(dir, 'apply-invalid.png'), fullPage: true });

  // Corrected, the citizen sees the form as it will be printed before signing it.
  await page.fill('#idNumber', EXAMPLE.applicant.idNumber);
  await page.click('#submit');
  await page.locator('#review canvas.pdf-page').first().waitFor({ timeout: 60_000 });
  expect(await page.locator('.field-error').count()).toBe(0);
  expect(await page.locator('#step-review').getAttribute('aria-current')).toBe('step');
  // The canvas holds the rendered page: not blank (once the page says it is done drawing).
  await page.locator('#working').waitFor({ state: 'hidden', timeout: 60_000 });
  const inked = await page
    .locator('#review canvas.pdf-page')
    .first()
    .evaluate((c) => {
      const canvas = c as unknown as {
        width: number;
        height: number;
        getContext(k: string): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
      };
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
      return dark;
    });
  expect(inked).toBeGreaterThan(1000);
  await page.screenshot({ path: path.join(dir, 'apply-review.png'), fullPage: true });
  await fitsPhone(page, 'apply-review');
  expect(englishLines((await page.evaluate('document.body.innerText')) as string)).toEqual([]);

  await page.click('#sign');
  await page.locator('#done').waitFor({ timeout: 60_000 });
  const code = (await page.locator('#done-code').textContent()) as string;
  const token = (await page.locator('#done-token').textContent()) as string;
  expect(code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H29-\d{6}-\d{4}$/);
  await page.screenshot({ path: path.join(dir, 'apply-done.png'), fullPage: true });
  await fitsPhone(page, 'apply-done');
  expect(englishLines((await page.evaluate('document.body.innerText')) as string)).toEqual([]);

  // The link opens the case without copying the token; the token leaves the address bar.
  expect(await page.locator('#done-link').getAttribute('href')).toBe(
    `/tra-cuu?MHS=${encodeURIComponent(code)}#t=${encodeURIComponent(token)}`,
  );
  // The printed address answers the tracking page, and no page ever sends a Referer.
  const printed = await fetch(`${url}/tra-cuu?MHS=${encodeURIComponent(code)}`);
  expect(printed.status).toBe(200);
  expect(printed.headers.get('content-type')).toMatch(/text\/html/);
  expect(printed.headers.get('referrer-policy')).toBe('no-referrer');
  expect(await printed.text()).toContain('id="track-form"');
  // The first look finds the case still being opened (the API's 503 with Retry-After, played
  // here once): the page says so, waits and asks again.
  let opening = 1;
  await page.route(`**/api/cases/${encodeURIComponent(code)}`, async (route) => {
    if (route.request().method() !== 'GET' || opening-- <= 0) return route.fallback();
    return route.fulfill({
      status: 503,
      headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        error: {
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'Hồ sơ đang được khởi tạo; vui lòng thử lại sau giây lát.',
        },
      }),
    });
  });
  await page.click('#done-link');
  await page.locator('#working', { hasText: 'đang được khởi tạo' }).waitFor();
  expect(await page.locator('#working-text').textContent()).toMatch(/tự tải lại sau 1 giây/);
  await page.screenshot({ path: path.join(dir, 'track-opening.png'), fullPage: true });
  await page
    .locator('#case', { hasText: 'Tiếp nhận, kiểm tra hồ sơ' })
    .waitFor({ timeout: 30_000 });
  expect(await page.locator('#working').isHidden()).toBe(true);
  await page.unroute(`**/api/cases/${encodeURIComponent(code)}`);
  expect(await page.locator('#case-title').textContent()).toBe(
    `${code} — ${EXAMPLE.applicant.fullName.normalize('NFC')}`,
  );
  const documents = (await page.locator('#case-documents').textContent()) ?? '';
  expect(documents).toContain('Giấy tờ nhà.png');
  expect(documents).toContain(EXAMPLE.applicant.fullName.normalize('NFC'));
  expect(page.url()).not.toContain(token);
  expect(await page.locator('#token').inputValue()).toBe(token);
  await page.screenshot({ path: path.join(dir, 'track.png'), fullPage: true });
  await fitsPhone(page, 'track-case');
  expect(englishLines((await page.evaluate('document.body.innerText')) as string)).toEqual([]);

  // The desk asks for a missing paper; the applicant sends it from the same page.
  await h.act(h.client.workflow.getHandle(code), 'receiver.benthanh', {
    action: 'request_supplement',
    missingDocuments: ['Bản sao hợp đồng thuê địa điểm kinh doanh'],
  });
  await page.click('#track-form button[type=submit]');
  await page.locator('#supplement-form', { hasText: 'hợp đồng thuê' }).waitFor({ timeout: 30_000 });
  await page.fill('#supplement-note', 'Xin gửi bản sao hợp đồng thuê.');
  await page.setInputFiles('#supplement-files', {
    name: 'Hợp đồng thuê.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await page.click('#supplement-form button[type=submit]');
  await page.locator('#message.ok', { hasText: 'bổ sung' }).waitFor();
  expect(await page.locator('#case-documents').textContent()).toContain('Hợp đồng thuê.png');
  expect(await page.locator('#supplement-form').isHidden()).toBe(true);

  await page.fill('#reason', 'Tôi muốn bổ sung thêm giấy tờ rồi nộp lại.');
  // Withdrawal asks first; "Không rút" leaves the case as it was.
  await page.click('#withdraw-ask');
  await page.locator('#withdraw-confirm').waitFor();
  await page.screenshot({ path: path.join(dir, 'track-withdraw-confirm.png'), fullPage: true });
  await page.click('#withdraw-no');
  expect(await page.locator('#withdraw-confirm').isHidden()).toBe(true);
  expect(await page.locator('#case-stage').textContent()).not.toContain('Đã kết thúc');
  await page.click('#withdraw-ask');
  await page.click('#withdraw-yes');
  await page.locator('#message.ok', { hasText: 'Đã rút hồ sơ' }).waitFor();
  expect(await page.locator('#case-stage').textContent()).toContain('Đã kết thúc');
  expect(await page.locator('#withdraw-form').isHidden()).toBe(true);
  expect(problems).toEqual([]);
});

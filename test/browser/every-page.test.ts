/**
 * Every page, as a desktop and as a 390 px phone, in headless Chromium on the real stack: nothing
 * wider than the screen (document scrollWidth <= innerWidth), no serious or critical accessibility
 * violation (axe-core, Deque's engine, injected into the page), and no English in the visible
 * text of a Vietnamese page — with the browser asking for English (Chromium's en-US), on the error
 * paths too. The officials' receiver sees the checklist of the documents the applicant ticked,
 * and it starts the supplement request; the approver sees the document before the PIN.
 * Screenshots in test/.tmp/browser/every-page/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type Page } from 'playwright-core';

import { CaseModel } from '../../models/case';
import { englishLines } from '../helpers/english';
import { TEST_TMP } from '../helpers/paths';
import { signInOnPage } from '../helpers/pages';
import { eventually, type Harness } from '../integration/harness';
import type { ServedApi } from '../helpers/api';
import { closeStack, openBrowserStack } from '../helpers/stack';

const AXE = require.resolve('axe-core/axe.min.js');
const PROCEDURE = '1.001612.000.00.00.H29';

let h: Harness;
let api: ServedApi;
let url: string;
let browser: Browser;
const dir = path.join(TEST_TMP, 'browser', 'every-page');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  ({ h, api, url, browser } = await openBrowserStack('every-page'));
});

afterAll(() => closeStack({ h, api, browser }));

interface Findings {
  overflow: string[];
  axe: string[];
  english: string[];
  errors: string[];
}
const findings: Findings = { overflow: [], axe: [], english: [], errors: [] };

/** Checks the page as it stands now and keeps a screenshot named `name-<width>.png`. */
async function check(page: Page, name: string, { english = true } = {}): Promise<void> {
  const width = page.viewportSize()!.width;
  const where = `${name} @${width}`;
  // Page-side code as text: the test's TypeScript has no DOM types.
  const { scrollWidth, innerWidth, wide } = (await page.evaluate(`(() => {
    const w = window.innerWidth;
    // The elements sticking out, to name in a failure.
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1)
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + '#' + e.id + '.' + [...e.classList].join('.'));
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide: out };
  })()`)) as { scrollWidth: number; innerWidth: number; wide: string[] };
  if (scrollWidth > innerWidth) {
    findings.overflow.push(`${where}: ${scrollWidth} > ${innerWidth} (${wide.join(', ')})`);
  }
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
  })()`)) as string[];
  findings.axe.push(...violations.map((v) => `${where}: ${v}`));
  if (english) {
    const text = (await page.evaluate('document.body.innerText')) as string;
    findings.english.push(...englishLines(text).map((l) => `${where}: ${l}`));
  }
  await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${url}/officials.html`);
  await signInOnPage(page, username, '#inbox-view');
}

async function token(username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  return ((await res.json()) as { token: string }).token;
}

test('the English check catches the leaks issue 12 found, and passes Vietnamese', () => {
  for (const leak of [
    'Citizen identity number: wrong format. Exactly 12 digits, e.g. 079085001234.',
    'must match pattern "^[A-Z]{2} ?[0-9]{6,8}$"',
    'Too many requests; try again later.',
    'The case is being opened; try again in a moment.',
    'Signature covers the whole document',
  ]) {
    expect(englishLines(leak)).toHaveLength(1);
  }
  expect(
    englishLines(
      'Số định danh cá nhân (CCCD): không đúng định dạng. Gồm đúng 12 chữ số, ví dụ 079085001234.\n' +
        'Hồ sơ đang được khởi tạo; vui lòng thử lại sau giây lát. Chữ to, rõ ràng.',
    ),
  ).toEqual([]);
});

test('every page fits a phone, passes axe and speaks Vietnamese only', async () => {
  // A case waiting at the desk, filed with the application form ticked and nothing else.
  const handle = await h.startCase(PROCEDURE, 'SAIGON');
  const code = handle.workflowId;
  const bearer = await token('receiver.saigon');
  await eventually(async () => {
    const r = await fetch(`${url}/api/cases/${encodeURIComponent(code)}`, {
      headers: { Authorization: `Bearer ${bearer}` },
    });
    return r.status === 200;
  });
  await CaseModel.updateOne({ _id: code }, { $set: { attachedDocumentCodes: ['GIAY_DE_NGHI'] } });

  for (const width of [1100, 390]) {
    // Bypassing the CSP only lets the test inject axe-core; the pages run as served.
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      bypassCSP: true,
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => findings.errors.push(`@${width}: ${e.message}`));

    await page.goto(`${url}/`);
    await check(page, 'verify');
    await page.setInputFiles('#file', {
      name: 'khong-phai-pdf.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Đây không phải tệp PDF'),
    });
    await page.click('#submit');
    await page.locator('#verdict.bad, #verdict.verdict:not(:empty)').first().waitFor();
    await check(page, 'verify-error');

    await page.goto(`${url}/apply.html`);
    await page.selectOption('#procedure', PROCEDURE);
    await page.locator('[data-path^="form."]').first().waitFor();
    await check(page, 'apply');
    await page.fill('#idNumber', '123');
    await page.fill('#phone', 'abc');
    await page.click('#submit');
    await page.locator('.field-error').first().waitFor();
    expect(await page.locator('.field-error').count()).toBeGreaterThan(2);
    await check(page, 'apply-errors');

    await page.goto(`${url}/track.html`);
    await check(page, 'track');
    await page.fill('#code', code);
    await page.fill('#token', 'sai-ma-tra-cuu');
    await page.click('#track-form button[type=submit]');
    await page.locator('#message.bad').waitFor();
    await check(page, 'track-error');

    await page.goto(`${url}/officials.html`);
    await page.fill('#username', 'receiver.saigon');
    await page.fill('#password', 'sai');
    await page.click('#login-form button[type=submit]');
    await page.locator('#message.bad').waitFor();
    await check(page, 'officials-login-error');

    await signIn(page, 'receiver.saigon');
    const row = page.locator(`#inbox tbody tr[data-code="${code}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/ngày làm việc/);
    await check(page, 'officials-inbox');
    // The search narrows the inbox to the case; a search for nobody empties it.
    await page.fill('#inbox-q', code.slice(-8));
    await page.click('#inbox-filters button[type=submit]');
    await page.locator('#inbox-counts', { hasText: 'Đang lọc: 1 hồ sơ' }).waitFor();
    await page.fill('#inbox-q', 'Không Ai Có Tên Này');
    await page.click('#inbox-filters button[type=submit]');
    await page.locator('#inbox-empty').waitFor();
    await page.fill('#inbox-q', '');
    await page.click('#inbox-filters button[type=submit]');
    await row.click();
    await page.locator('#case-view').waitFor();
    const ticked = page.locator('#case-checklist li[data-attached="true"]');
    expect(await ticked.count()).toBe(1);
    expect(await ticked.textContent()).toContain('Giấy đề nghị đăng ký hộ kinh doanh');
    expect(await page.locator('#case-checklist li[data-attached="false"]').count()).toBe(3);
    await page.click('#action-buttons button[data-action="request_supplement"]');
    // Nothing else is required for this procedure: the request starts empty, to be written.
    expect(await page.locator('#missing').inputValue()).toBe('');
    await check(page, 'officials-receiver-case');
    await page.click('#logout');

    await page.goto(`${url}/api/docs`);
    await page.locator('.operation').first().waitFor();
    // Each operation shows its answers' schemas, and the examples the contract documents.
    const checkOp = page.locator('.operation', { hasText: '/api/applications/check' }).first();
    expect(await checkOp.locator('summary', { hasText: 'Ví dụ' }).count()).toBeGreaterThan(1);
    expect(
      await checkOp.locator('.answer summary', { hasText: 'Lược đồ' }).count(),
    ).toBeGreaterThan(1);
    expect(await checkOp.locator('.answer pre').first().textContent({ timeout: 1000 })).toContain(
      '"type"',
    );
    // The reference for developers is bilingual by design: layout and accessibility only.
    await check(page, 'api-docs', { english: false });
    await context.close();
  }

  // The approver sees the decision before the PIN: accepted first over HTTP.
  const accepted = await fetch(`${url}/api/cases/${encodeURIComponent(code)}/actions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'accept' }),
  });
  expect(accepted.status).toBe(200);
  for (const width of [1100, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => findings.errors.push(`@${width}: ${e.message}`));
    await signIn(page, 'ward.saigon');
    await page.locator(`#inbox tbody tr[data-code="${code}"]`).click();
    await page.locator('#case-view').waitFor();
    await page.click('#action-buttons button[data-action="approve"]');
    await page.locator('#action-preview canvas.pdf-page').first().waitFor({ timeout: 30_000 });
    await check(page, 'officials-approve-preview');
    await context.close();
  }

  expect(findings).toEqual({ overflow: [], axe: [], english: [], errors: [] });
});

/**
 * The supervisors' page in headless Chromium on the real stack: the supervisor signs in and sees
 * the figures and the four charts (Chart.js served from its package under the strict CSP, no
 * violation reported), the badge of new alerts, which lists the overdue case, searches, opens a case's story
 * and reassigns it through the dialog (the workflow then names the new assignee); a ward's head
 * sees their own unit only. Screenshots at desktop and 390 px in test/.tmp/browser/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type Page } from 'playwright-core';

import { subtractWorkingHours } from '../../domain/calendar';
import { CaseModel } from '../../models/case';
import { OfficialModel } from '../../models/official';
import { caseClockSignal } from '../../workflows/case-clock';
import { TEST_TMP } from '../helpers/paths';
import { signInOnPage } from '../helpers/pages';
import { eventually, type Harness } from '../integration/harness';
import type { ServedApi } from '../helpers/api';
import { closeStack, openBrowserStack } from '../helpers/stack';

let h: Harness;
let api: ServedApi;
let url: string;
let browser: Browser;
const dir = path.join(TEST_TMP, 'browser');
const codes = { overdue: '', orphan: '', other: '' };

async function onBoard(code: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  await eventually(async () => {
    const r = await fetch(`${url}/api/supervision/cases?q=${code}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const items = ((await r.json()) as { items: Array<{ code: string }> }).items;
    return items.some((i) => i.code === code);
  });
}

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  ({ h, api, url, browser } = await openBrowserStack('supervision-page'));
  // Received three working days ago (the case clock, as the demo seed does): overdue now.
  const since = subtractWorkingHours(new Date(), 24);
  const late = await h.startCase('1.001612.000.00.00.H29', 'SAIGON', {
    submittedAt: since.toISOString(),
    clock: { offsetMs: since.getTime() - Date.now() },
  });
  await late.signal(caseClockSignal, { offsetMs: 0 });
  codes.overdue = late.workflowId;
  await OfficialModel.updateOne({ _id: 'receiver.tandinh' }, { $set: { active: false } });
  codes.orphan = (await h.startCase('1.012790.000.00.00.H29', 'TANDINH')).workflowId;
  codes.other = (await h.startCase('1.009994.000.00.00.H29', 'BENTHANH')).workflowId;
  for (const c of Object.values(codes)) await onBoard(c);
  await OfficialModel.updateOne({ _id: 'receiver.tandinh' }, { $set: { active: true } });
});

afterAll(() => closeStack({ h, api, browser }));

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  return problems;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${url}/supervision.html`);
  await signInOnPage(page, username, '#dash-view');
  await page.locator('#figures .figure').first().waitFor();
}

const figure = (page: Page, label: string) =>
  page
    .locator('#figures .figure', { has: page.locator('.figure-label', { hasText: label }) })
    .locator('.figure-value')
    .textContent();

test('the supervisor reads the figures and charts, filters, drills down and reassigns', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = watch(page);
  await signIn(page, 'supervisor');
  expect(Number(await figure(page, 'Tiếp nhận'))).toBeGreaterThanOrEqual(3);
  expect(Number(await figure(page, 'Quá hạn'))).toBeGreaterThanOrEqual(1);
  expect(Number(await figure(page, 'Vướng mắc'))).toBeGreaterThanOrEqual(2);
  // Chart.js drew the four charts (it is the page's only script from node_modules).
  await eventually(() =>
    page.evaluate<boolean>(
      "[...document.querySelectorAll('canvas')].every((c) => !!window.Chart?.getChart(c))",
    ),
  );
  await page.locator(`#cases tbody tr[data-code="${codes.orphan}"]`).waitFor();
  await expect(
    page.locator(`#cases tbody tr[data-code="${codes.orphan}"]`).textContent(),
  ).resolves.toContain('Không có cán bộ xử lý');
  // The badge counts the case that went overdue today; a click lists the overdue cases.
  await page.locator('#alerts:not([hidden])').waitFor();
  await expect(page.locator('#alerts').textContent()).resolves.toMatch(/: [1-9]\d* quá hạn/);
  await page.screenshot({ path: path.join(dir, 'supervision-desktop.png'), fullPage: true });

  await page.click('#alerts');
  await page.locator('#alerts').waitFor({ state: 'hidden' });
  await expect(page.locator('#filter').inputValue()).resolves.toBe('overdue');
  await page.locator(`#cases tbody tr[data-code="${codes.orphan}"]`).waitFor({ state: 'detached' });
  const row = page.locator(`#cases tbody tr[data-code="${codes.overdue}"]`);
  await expect(row.textContent()).resolves.toContain('Quá hạn');

  await page.fill('#q', codes.other);
  await page.selectOption('#filter', 'all');
  await page.locator(`#cases tbody tr[data-code="${codes.other}"]`).waitFor();
  await expect(page.locator('#cases tbody tr').count()).resolves.toBe(1);
  await page.fill('#q', '');
  await page.selectOption('#filter', 'overdue');

  await row.click();
  await page.locator('#case-dialog[open]').waitFor();
  await expect(page.locator('#case-reasons').textContent()).resolves.toContain('Quá hạn');
  await expect(page.locator('#case-timeline li').count()).resolves.toBeGreaterThan(0);
  await page.screenshot({ path: path.join(dir, 'supervision-case.png') });
  await page.click('#case-reassign');
  await page.locator('#reassign-dialog[open]').waitFor();
  await page.selectOption('#reassign-to', 'receiver.saigon');
  await page.fill('#reassign-note', 'Đề nghị xử lý ngay trong ngày.');
  await page.screenshot({ path: path.join(dir, 'supervision-reassign.png') });
  await page.click('#reassign-ok');
  await page.locator('#message', { hasText: 'Đã giao hồ sơ' }).waitFor();
  await page.locator('#case-dialog[open]').waitFor({ state: 'detached' });
  await eventually(
    async () =>
      (await CaseModel.findById(codes.overdue).lean())?.assignee?.id === 'receiver.saigon',
  );
  expect(problems).toEqual([]);
});

test("at 390 px the page fits the screen; a ward's head sees only their ward", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const problems = watch(page);
  await signIn(page, 'ward.saigon');
  await expect(page.locator('#unit').isDisabled()).resolves.toBe(true);
  await expect(page.locator('#unit').inputValue()).resolves.toBe('SAIGON');
  await page.selectOption('#filter', 'all');
  await page.locator(`#cases tbody tr[data-code="${codes.overdue}"]`).waitFor();
  await expect(page.locator(`#cases tbody tr[data-code="${codes.other}"]`).count()).resolves.toBe(
    0,
  );
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(dir, 'supervision-390.png'), fullPage: true });
  await page.screenshot({ path: path.join(dir, 'supervision-390-top.png') });
  await page.locator('#cases').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(dir, 'supervision-390-list.png') });
  expect(problems).toEqual([]);
});

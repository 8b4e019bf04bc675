/**
 * The officials' page in headless Chromium on the real stack (Temporal dev server, MongoDB, the
 * case worker): the receiving officer signs in, finds the new dossier in the inbox and accepts it;
 * the ward's approver mistypes the PIN (told so in Vietnamese, attempts left), then signs the
 * approval, and the signed decision appears among the case's documents. Screenshots in
 * test/.tmp/browser/.
 */
import fs from 'node:fs';
import path from 'node:path';

import { type Browser, type Page } from 'playwright-core';

import { TEST_TMP } from '../helpers/paths';
import { signInOnPage } from '../helpers/pages';
import { DEMO_PIN, eventually, type Harness } from '../integration/harness';
import type { ServedApi } from '../helpers/api';
import { closeStack, openBrowserStack } from '../helpers/stack';

let h: Harness;
let api: ServedApi;
let url: string;
let browser: Browser;
const dir = path.join(TEST_TMP, 'browser');

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  ({ h, api, url, browser } = await openBrowserStack('officials-page'));
});

afterAll(() => closeStack({ h, api, browser }));

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${url}/officials.html`);
  await signInOnPage(page, username, '#inbox-view');
}

test('a dossier is accepted and approved with a PIN signature from the officials’ page', async () => {
  const handle = await h.startCase('1.001612.000.00.00.H29', 'SAIGON');
  const code = handle.workflowId;
  await eventually(async () => {
    const r = await fetch(`${url}/api/cases/${code}`, {
      headers: {
        Authorization: `Bearer ${
          (
            (await (
              await fetch(`${url}/api/auth/login`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ username: 'receiver.saigon', password: 'demo' }),
              })
            ).json()) as { token: string }
          ).token
        }`,
      },
    });
    return r.status === 200;
  });

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await signIn(page, 'receiver.saigon');
  await expect(page.locator('#who-name').textContent()).resolves.toContain('Nguyễn Thị Thu Hà');
  const row = page.locator(`#inbox tbody tr[data-code="${code}"]`);
  await row.waitFor();
  await page.screenshot({ path: path.join(dir, 'officials-inbox.png'), fullPage: true });
  await row.click();
  await page.locator('#case-view').waitFor();
  await expect(page.locator('#case-applicant').textContent()).resolves.toContain('079190004567');
  await page.click('#action-buttons button[data-action="accept"]');
  await page.click('#confirm');
  await page.locator('#message.ok').waitFor();
  expect(await page.locator('#message').textContent()).toContain(
    'Ủy ban nhân dân phường xem xét, phê duyệt',
  );

  await page.click('#logout');
  await signIn(page, 'ward.saigon');
  await page.locator(`#inbox tbody tr[data-code="${code}"]`).click();
  await page.locator('#case-view').waitFor();
  await page.click('#action-buttons button[data-action="approve"]');
  await page.fill('#pin', '000000');
  await page.click('#confirm');
  await page.locator('#message.bad').waitFor();
  expect(await page.locator('#message').textContent()).toBe('Mã PIN không đúng; còn 4 lần thử.');

  await page.fill('#pin', DEMO_PIN);
  await page.click('#confirm');
  await page.locator('#message.ok').waitFor();
  expect(await page.locator('#case-stage').textContent()).toContain('Chờ trả kết quả');
  const documents = await page.locator('#case-documents').textContent();
  expect(documents).toContain('Trần Minh Khoa');
  expect(documents?.toLowerCase()).toContain('quyết định');
  await page.screenshot({ path: path.join(dir, 'officials-case.png'), fullPage: true });
  expect(problems).toEqual([]);
});

/**
 * Signing methods in headless Chromium on the real stack: a citizen signs the e-form with a
 * PKCS#12 file opened in the page (node-forge's browser build under the strict CSP; the file
 * and key never leave the page); a ward approver signs an approval with a token through the
 * documented plugin interface — here a TEST DOUBLE of a vendor's plugin (a WebCrypto key in the
 * page), registered as `window.MotCuaTokenPlugins`; and the officials' page shows an awaited
 * remote signature, then its refusal. Screenshots (desktop and 390 px) in test/.tmp/browser/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadPki } from '../../activities/pki';
import { registerRemoteCredential, registerTokenCertificate } from '../../services/pki-admin';
import { EXAMPLE_APPLICATIONS } from '../../domain/catalogue';
import { exportPkcs12, issueCertificate, verifyPdf, rootsPem } from '../../signing';
import { launchChromium, serveApi, type ServedApi } from '../helpers/api';
import { type CscV2Server, phoneProvider, startPhoneService } from '../helpers/csc-v2-server';
import { TEST_TMP } from '../helpers/paths';
import { fillEForm, signInOnPage } from '../helpers/pages';
import { createHarness, eventually, type Harness } from '../integration/harness';
import { testKeyPair } from '../helpers/keys';

const EXAMPLE = EXAMPLE_APPLICATIONS.find((e) => e.procedureCode === '1.001612.000.00.00.H29')!;
let h: Harness;
let api: ServedApi;
let browser: Browser;
let phone: CscV2Server;
const dir = path.join(TEST_TMP, 'browser');
/** The token test double's key (JWK, handed to the page) and certificate. */
let tokenJwk: crypto.JsonWebKey;
let tokenCertPem: string;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  h = await createHarness('signing-methods');
  const pki = (await loadPki())!;
  const token = testKeyPair('ec', { namedCurve: 'P-256' });
  tokenJwk = token.privateKey.export({ format: 'jwk' });
  const tokenCert = issueCertificate(pki, h.kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Trần Minh Khoa',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Sài Gòn',
    },
    publicKey: token.publicKey,
  });
  tokenCertPem = [tokenCert.certificatePem, ...tokenCert.chainPems].join('');
  await registerTokenCertificate({ username: 'ward.saigon', pem: tokenCertPem });

  const remote = testKeyPair('rsa', { modulusLength: 2048 });
  const remoteCert = issueCertificate(pki, h.kek, {
    profile: 'OFFICIAL',
    subject: {
      fullName: 'Lê Văn Phường',
      title: 'Phó Chủ tịch',
      organization: 'Ủy ban nhân dân phường Bến Thành',
    },
    publicKey: remote.publicKey,
  });
  phone = await startPhoneService('bt-1', remote.privateKey, remoteCert);
  h.config.signingProviders = [phoneProvider(phone, 'Ký số từ xa (thử nghiệm)')];
  await registerRemoteCredential({
    username: 'ward.benthanh',
    provider: 'phone',
    credentialId: 'bt-1',
    providers: h.config.signingProviders,
  });
  await h.spreadDossierSerials('SAIGON');
  await h.startWorker();
  api = await serveApi(h.config);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await api?.close();
  await phone?.close();
});

/** Registers the token plugin test double (token-plugin-double.js) before the page's scripts. */
async function withTokenDouble(page: Page): Promise<void> {
  const double = fs.readFileSync(path.join(__dirname, 'token-plugin-double.js'), 'utf8');
  const config = JSON.stringify({ jwk: tokenJwk, certificatePem: tokenCertPem });
  await page.addInitScript({ content: `window.__TOKEN_DOUBLE__ = ${config};\n${double}` });
}

async function fillApplication(page: Page): Promise<void> {
  await page.selectOption('#procedure', EXAMPLE.procedureCode);
  await page.selectOption('#ward', 'SAIGON');
  await page.fill('#fullName', EXAMPLE.applicant.fullName);
  await page.fill('#idNumber', EXAMPLE.applicant.idNumber);
  await page.fill('#phone', EXAMPLE.applicant.phone);
  await page.fill('#address', EXAMPLE.applicant.address);
  await fillEForm(page, EXAMPLE.form);
}

const signIn = (page: Page, username: string) => signInOnPage(page, username, '#inbox-view');

let filedCode = '';

test('a citizen signs the e-form with a PKCS#12 file opened in the page', async () => {
  const pki = (await loadPki())!;
  const { privateKey, publicKey } = testKeyPair('rsa', { modulusLength: 2048 });
  const cert = issueCertificate(pki, h.kek, {
    profile: 'APPLICANT',
    subject: { fullName: EXAMPLE.applicant.fullName, idNumber: EXAMPLE.applicant.idNumber },
    publicKey,
  });
  // ASCII: node-forge reads PKCS#12 passwords as Latin-1 (docs/signing.md).
  const password = 'mat-khau-chung-thu';
  const p12 = exportPkcs12(
    { privateKey, certificatePem: cert.certificatePem, chainPems: cert.chainPems },
    password,
  );

  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const sent: string[] = [];
  page.on('request', (r) => sent.push(r.postData() ?? ''));
  await page.goto(`${api.url}/apply.html`);
  await fillApplication(page);
  await page.check('input[name="method"][value="p12"]');
  await page.setInputFiles('#p12-file', {
    name: 'chung-thu-so.p12',
    mimeType: 'application/x-pkcs12',
    buffer: p12,
  });
  await page.fill('#p12-password', 'wrong');
  await page.click('#submit');
  await page.locator('#message.bad').waitFor();
  expect(await page.locator('#message').textContent()).toMatch(/sai mật khẩu/);
  await page.fill('#p12-password', password);
  await page.screenshot({ path: path.join(dir, 'apply-p12.png'), fullPage: true });
  await page.click('#submit');
  // The form prepared for the file's certificate is shown before it is signed.
  await page.locator('#review canvas.pdf-page').first().waitFor({ timeout: 60_000 });
  await page.click('#sign');
  await page.locator('#done').waitFor({ state: 'visible', timeout: 60_000 });
  filedCode = (await page.locator('#done-code').textContent()) ?? '';
  expect(filedCode).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H29-\d{6}-\d{4}$/);
  // Neither the file nor the password went to the server.
  expect(sent.some((b) => b.includes(password))).toBe(false);
  expect(sent.some((b) => b.includes(p12.subarray(0, 64).toString('base64')))).toBe(false);
  expect(problems).toEqual([]);

  const mobile = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await mobile.goto(`${api.url}/apply.html`);
  await mobile.check('input[name="method"][value="p12"]');
  await mobile.locator('#signing').scrollIntoViewIfNeeded();
  await mobile.screenshot({ path: path.join(dir, 'apply-p12-390.png'), fullPage: true });
  await mobile.close();
}, 120_000);

test('a ward approver signs the approval with a token (plugin test double)', async () => {
  expect(filedCode).not.toBe('');
  const accepted = await h
    .act(h.client.workflow.getHandle(filedCode), 'receiver.saigon', { action: 'accept' })
    .catch((e: unknown) => e);
  expect(String((accepted as { cause?: unknown }).cause ?? '')).toBe('');
  expect((accepted as { stage?: string }).stage).toBe('WARD_APPROVAL');
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await withTokenDouble(page);
  await page.goto(`${api.url}/officials.html`);
  await signIn(page, 'ward.saigon');
  await page.locator(`#inbox tbody tr[data-code="${filedCode}"]`).click();
  await page.locator('#case-view').waitFor();
  await page.click('#action-buttons button[data-action="approve"]');
  expect(await page.locator('#method').inputValue()).toBe('TOKEN');
  expect(await page.locator('#pin-field').isHidden()).toBe(true);
  await page.screenshot({ path: path.join(dir, 'officials-token.png'), fullPage: true });
  await page.click('#confirm');
  await page.locator('#message:not([hidden])').waitFor();
  await page.screenshot({ path: path.join(dir, 'officials-token-after.png'), fullPage: true });
  expect(await page.locator('#message').getAttribute('class')).toContain('ok');
  await eventually(
    async () => (await page.locator('#case-stage').textContent())?.includes('Chờ trả kết quả'),
    30_000,
  );
  await page.screenshot({ path: path.join(dir, 'officials-token-done.png'), fullPage: true });
  expect(problems).toEqual([]);

  // The decision carries the token's signature and verifies.
  const token = await page.evaluate(() =>
    (
      globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
    ).sessionStorage.getItem('motcua.token'),
  );
  const view = (await (
    await fetch(`${api.url}/api/cases/${filedCode}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json()) as {
    documents: Array<{ id: string; kind: string }>;
  };
  const decision = view.documents.find((d) => d.kind === 'DECISION')!;
  const pdf = Buffer.from(
    await (
      await fetch(`${api.url}/api/cases/${filedCode}/documents/${decision.id}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).arrayBuffer(),
  );
  const report = await verifyPdf(pdf, { trustAnchorsPem: rootsPem((await loadPki())!) });
  expect(report.valid).toBe(true);
  expect(report.signatures[0]?.signerName).toBe('Trần Minh Khoa');
}, 120_000);

test('the officials’ page shows an awaited remote signature, then its refusal', async () => {
  const handle = await h.startCase(EXAMPLE.procedureCode, 'BENTHANH');
  await eventually(
    async () =>
      (await h.act(handle, 'receiver.benthanh', { action: 'accept' })).stage === 'WARD_APPROVAL',
    60_000,
  );
  for (const [width, height, name] of [
    [1100, 900, 'officials-remote-pending.png'],
    [390, 844, 'officials-remote-pending-390.png'],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${api.url}/officials.html`);
    await signIn(page, 'ward.benthanh');
    await page.locator(`#inbox tbody tr[data-code="${handle.workflowId}"]`).click();
    await page.locator('#case-view').waitFor();
    if (name === 'officials-remote-pending.png') {
      await page.click('#action-buttons button[data-action="approve"]');
      await page.click('#confirm');
    }
    await page.locator('#signature-status:not([hidden])').waitFor();
    expect(await page.locator('#signature-text').textContent()).toMatch(
      /xác nhận chữ ký số trên điện thoại/,
    );
    await page.screenshot({ path: path.join(dir, name), fullPage: true });
    if (name === 'officials-remote-pending-390.png') {
      await eventually(async () => phone.pending().length > 0);
      phone.decide('refuse');
      await page.locator('#signature-status.bad').waitFor({ timeout: 30_000 });
      expect(await page.locator('#signature-text').textContent()).toMatch(/từ chối/);
      expect(await page.locator('#case-stage').textContent()).toContain('phê duyệt');
      await page.screenshot({
        path: path.join(dir, 'officials-remote-refused-390.png'),
        fullPage: true,
      });
    }
    await page.close();
  }
}, 180_000);

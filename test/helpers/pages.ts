/** What browser tests do on the product's pages the same way: sign in an official, fill an e-form. */
import type { Page } from 'playwright-core';

/** Signs `username` in (password `demo`) on the sign-in form the page shows; waits for `view`. */
export async function signInOnPage(page: Page, username: string, view: string): Promise<void> {
  await page.fill('#username', username);
  await page.fill('#password', 'demo');
  await page.click('#login-form button[type=submit]');
  await page.locator(view).waitFor();
}

/** Each leaf of `value` as `[prefix.path, text]`: the `data-path` names of the e-form's fields. */
function leaves(value: unknown, prefix: string): Array<[string, string]> {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${prefix}.${k}`));
  }
  return [[prefix, String(value)]];
}

/** Fills the e-form's fields (inputs and selects, by `data-path`) with `form`. */
export async function fillEForm(page: Page, form: unknown): Promise<void> {
  for (const [field, value] of leaves(form, 'form')) {
    const input = page.locator(`[data-path="${field}"]`);
    if ((await input.evaluate((n) => n.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
}

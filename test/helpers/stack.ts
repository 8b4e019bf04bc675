/**
 * What an HTTP or browser test drives: a harness of its own (database, task queue, a case worker
 * running), the API on it, and for a browser test Debian's Chromium; and their closing, each part
 * only if it was opened.
 */
import type { Browser } from 'playwright-core';
import { createHarness, type Harness } from '../integration/harness';
import { launchChromium, serveApi, type ServedApi } from './api';

export interface ApiStack {
  h: Harness;
  api: ServedApi;
  url: string;
}

export interface BrowserStack extends ApiStack {
  browser: Browser;
}

/** Opens the stack named `label`; `prepare` runs once the worker runs, before the API starts. */
export async function openApiStack(
  label: string,
  prepare: (h: Harness) => Promise<void> = async () => undefined,
): Promise<ApiStack> {
  const h = await createHarness(label);
  await h.startWorker();
  await prepare(h);
  const api = await serveApi(h.config);
  return { h, api, url: api.url };
}

/** `openApiStack` with Chromium. */
export async function openBrowserStack(
  label: string,
  prepare?: (h: Harness) => Promise<void>,
): Promise<BrowserStack> {
  return { ...(await openApiStack(label, prepare)), browser: await launchChromium() };
}

/** Closes the browser, the harness and the API (those that were opened). */
export async function closeStack(stack: Partial<BrowserStack>): Promise<void> {
  await stack.browser?.close();
  await stack.h?.close();
  await stack.api?.close();
}

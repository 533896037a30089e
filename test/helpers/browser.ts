import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { CHROMIUM as CHROMIUM_SERVICE, needService } from './services.js';

/**
 * Debian's chromium (what CI installs), or one named by PARLEY_CHROMIUM; nothing is downloaded.
 * Undefined after the skip line when there is none (a failure with PARLEY_REQUIRE_SERVICES=1).
 */
export const CHROMIUM = needService(CHROMIUM_SERVICE);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page opened from a file, with what it tried that a self-contained report must not. */
export interface OpenedPage {
  page: Page;
  /** Console errors and warnings, and uncaught page errors. */
  problems: string[];
  /** Every request beyond the file itself (each one aborted). */
  requests: string[];
  /** Every alert/confirm/prompt (each one dismissed). */
  dialogs: string[];
  close(): Promise<void>;
}

/**
 * Writes `html` to a scratch file and opens it in headless Chromium: a fresh profile, offline,
 * every request beyond the file aborted and recorded. `close()` ends the browser and the folder.
 */
export async function openHtml(html: string, name = 'report.html'): Promise<OpenedPage> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-html-'));
  const file = join(dir, name);
  await writeFile(file, html);
  const opened: Omit<OpenedPage, 'page' | 'close'> = { problems: [], requests: [], dialogs: [] };
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM!, headless: true, args: ARGS, offline: true });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      opened.requests.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') opened.problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => opened.problems.push(`pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      opened.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { ...opened, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

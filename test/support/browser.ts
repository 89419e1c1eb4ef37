import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Chromium (.ci/run installs it), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return path;
}

/** Every wait on the browser is bounded: a hung Chromium fails the test, it does not stall it. */
const LAUNCH_TIMEOUT_MS = 30_000;
const PROTOCOL_TIMEOUT_MS = 30_000;
const ACTION_TIMEOUT_MS = 15_000;

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    // headless: true is Chrome's new headless mode: puppeteer passes --headless=new.
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    args: [
      // Chromium's sandbox refuses to run as root, which CI machines and containers often are.
      '--no-sandbox',
      '--disable-gpu',
      // /dev/shm is 64 MB in containers; Chromium runs out of it and crashes tabs.
      '--disable-dev-shm-usage',
    ],
  });
}

export interface OpenedPage {
  browser: Browser;
  page: Page;
  /** What the page logged or threw, for failure messages. */
  logs: string[];
  /** Closes the page and the browser; safe to call twice. */
  close(): Promise<void>;
}

/** A fresh headless browser showing `url`; close() it (in a finally) when done. */
export async function openPage(url: string): Promise<OpenedPage> {
  const browser = await launchBrowser();
  const logs: string[] = [];
  const close = async () => {
    if (browser.connected) await browser.close();
  };
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${String(e)}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: ACTION_TIMEOUT_MS });
    return { browser, page, logs, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens `url`, runs `use`, and closes the browser whatever happened. */
export async function withPage<T>(
  url: string,
  use: (opened: OpenedPage) => Promise<T>,
): Promise<T> {
  const opened = await openPage(url);
  try {
    return await use(opened);
  } finally {
    await opened.close();
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { type OpenedPage, withPage } from '../support/browser.js';
import { writeConnectorConfig } from '../support/connector-config.js';
import { loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { createTable } from '../support/tables.js';
import { logged, startWorker } from '../support/worker-process.js';

// 5,000 small items at 0.5 capacity units per 100-item page, capped at 1 unit/s: two pages a
// second, so the snapshot lasts about 25 s, long enough to watch its bar move.
const ITEMS = 5000;
const SCAN = { pageSize: 100, maxReadCapacityUnits: 1 };
const TOKEN = 'status-page-test-token';

/** One row of the page, as the browser shows it: text of each data-field cell, the bar's value. */
interface RowView {
  key: string;
  fields: Record<string, string>;
  /** The progress bar's value; null without a bar or while it is indeterminate. */
  bar: number | null;
  /** The lag cell's tooltip: when the last change handed to Kafka was made. */
  lastChange: string | null;
}

/** The bits of the DOM the in-page reader touches; tsconfig has no DOM lib. */
interface DomNode {
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  textContent: string | null;
  value: number;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

function readRows(page: Page, attr: 'data-table' | 'data-ineligible'): Promise<RowView[]> {
  return page.$$eval(
    `tr[${attr}]`,
    (rows, attr) =>
      (rows as unknown as DomNode[]).map((row) => {
        const bar = row.querySelector('[data-field="progress-bar"]');
        const lag = row.querySelector('[data-field="lag"]');
        const cells = Array.from(row.querySelectorAll('[data-field]'));
        return {
          key: row.getAttribute(attr) ?? '',
          fields: Object.fromEntries(
            cells.map((c) => [c.getAttribute('data-field'), (c.textContent ?? '').trim()]),
          ),
          bar: bar?.hasAttribute('value') ? bar.value : null,
          lastChange: lag?.getAttribute('title') ?? null,
        };
      }),
    attr,
  );
}

const isHidden = (page: Page, id: string) =>
  page.$eval(`#${id}`, (el) => (el as unknown as { hidden: boolean }).hidden);

/** Polls the page until table's row satisfies `ok`; fails with what the page last showed. */
async function waitForRow(
  opened: OpenedPage,
  table: string,
  ok: (row: RowView) => boolean,
  timeoutMs: number,
): Promise<RowView> {
  const deadline = Date.now() + timeoutMs;
  let rows: RowView[] = [];
  while (Date.now() < deadline) {
    rows = await readRows(opened.page, 'data-table');
    const row = rows.find((r) => r.key === table);
    if (row && ok(row)) return row;
    await sleep(250);
  }
  throw new Error(
    `row ${table} not as expected in ${timeoutMs} ms; the page showed ${JSON.stringify(rows)}\n` +
      `page console: ${opened.logs.join('\n')}`,
  );
}

const DURATION = /^\d+(\.\d)? (ms|s)$|^\d+ (min \d+ s|h \d+ min)$/;

describe('the status page', () => {
  it('shows a snapshot moving in a real browser, an ineligible table with its reason, then SYNC', {
    timeout: 170_000,
  }, async () => {
    const big = uniqueName('ui-big');
    const items = Array.from({ length: ITEMS }, (_, i) => smallItem(i));
    await loadTable({ name: big, hashKey: { name: 'pk', type: 'S' } }, items);
    const noStream = uniqueName('ui-nostream');
    await createTable({ name: noStream, hashKey: { name: 'pk', type: 'S' } });
    const config = writeConnectorConfig({
      tables: { whitelist: [big, noStream] },
      initSync: SCAN,
      http: { authToken: TOKEN },
    });
    const worker = startWorker(config);
    const port = Number((await worker.waitForLog(logged('http listening'), 30_000)).port);
    const base = `http://127.0.0.1:${port}`;

    // The page itself holds no data and is served without the token; the API is not.
    const ui = await fetch(`${base}/ui`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${base}/connectors`)).status).toBe(401);

    await withPage(`${base}/ui`, async (opened) => {
      const { page } = opened;
      await expect.poll(() => isHidden(page, 'auth'), { timeout: 10_000 }).toBe(false);
      expect(await readRows(page, 'data-table')).toEqual([]);
      await page.type('#token', TOKEN);
      await page.click('#auth button[type="submit"]');

      const first = await waitForRow(
        opened,
        big,
        (r) => r.fields.phase === 'INIT_SYNC' && r.bar !== null,
        60_000,
      );
      expect(await isHidden(page, 'auth')).toBe(true);
      expect(await isHidden(page, 'problem')).toBe(true);
      expect(first.fields.state).toBe('RUNNING');
      expect(first.bar).toBeLessThan(100);
      expect(first.fields.progress).toMatch(new RegExp(`of ~${ITEMS.toLocaleString('en')} items$`));
      const header = await page.$eval('#connector', (el) => el.textContent);
      expect(header).toContain(`(RUNNING on 127.0.0.1:${port})`);

      // Two refreshes later, the snapshot has moved on (about 20 points at 200 items/s).
      await sleep(5000);
      const later = await waitForRow(opened, big, () => true, 5000);
      expect(later.fields.phase, 'the snapshot ended too soon to watch').toBe('INIT_SYNC');
      expect(later.bar).toBeGreaterThan(first.bar as number);
      expect(later.bar).toBeLessThanOrEqual(100);
      expect(later.fields.eta).toMatch(DURATION);
      expect(await page.$eval('[data-field="updated"]', (el) => el.textContent)).not.toBe('never');

      const ineligible = await readRows(page, 'data-ineligible');
      expect(ineligible.map((r) => r.key)).toEqual([noStream]);
      expect(ineligible[0]?.fields.reason).toMatch(/stream/);
      expect((await readRows(page, 'data-table')).map((r) => r.key)).toEqual([big]);

      const synced = await waitForRow(opened, big, (r) => r.fields.phase === 'SYNC', 90_000);
      expect(synced).toMatchObject({
        bar: null,
        fields: { state: 'RUNNING', region: 'us-east-1', progress: '' },
      });
      expect(Number(synced.fields.shards)).toBeGreaterThanOrEqual(1);
      // Caught up: the lag is a duration (0 ms at the head), with when the last change was made.
      expect(synced.fields.lag).toMatch(DURATION);
      expect(synced.lastChange).toMatch(/^last change at /);
      expect(synced.fields.error).toBe('');
      expect(opened.logs.filter((l) => l.startsWith('pageerror'))).toEqual([]);

      // A worker that went away: the page keeps what it last saw and says it is stale.
      expect(await worker.stop()).toBe(0);
      await expect.poll(() => isHidden(page, 'problem'), { timeout: 10_000 }).toBe(false);
      expect(await page.$eval('#problem', (el) => el.textContent)).toMatch(/unreachable.*stale/);
      expect((await readRows(page, 'data-table')).map((r) => r.key)).toEqual([big]);
    });
  });
});

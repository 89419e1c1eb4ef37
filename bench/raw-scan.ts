import type { JsonRpc } from '../src/dynamodb/json-rpc.js';
import { readScanPage } from '../src/dynamodb/wire-pages.js';
import { SCAN_PAGE_SIZE } from './connector-config.js';
import { KEY_NAMES } from './items.js';

export interface RawScanResult {
  items: number;
  pages: number;
  ms: number;
}

/**
 * Ceiling (a) for INIT_SYNC: the connector's Scan (same client, same parameters, same segment
 * count, segments in parallel, answers read by the same wire reader) with nothing done with
 * the items. `maxPages` per segment stops
 * early, for a warm-up.
 */
export async function rawScan(
  client: JsonRpc,
  table: string,
  segments: number,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<RawScanResult> {
  const started = performance.now();
  let items = 0;
  let pages = 0;
  const segment = async (s: number) => {
    let start: Record<string, never> | undefined;
    for (let page = 0; page < maxPages; page++) {
      const out = await client.call('Scan', {
        TableName: table,
        Segment: segments > 1 ? s : undefined,
        TotalSegments: segments > 1 ? segments : undefined,
        ExclusiveStartKey: start,
        Limit: SCAN_PAGE_SIZE,
        ConsistentRead: false,
        ReturnConsumedCapacity: 'TOTAL',
      });
      const page = readScanPage(out, KEY_NAMES);
      items += page.items.length;
      pages += 1;
      start = page.lastEvaluatedKey as Record<string, never> | undefined;
      if (!start) return;
    }
  };
  await Promise.all(Array.from({ length: segments }, (_, s) => segment(s)));
  return { items, pages, ms: performance.now() - started };
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteItemCommand,
  type StreamViewType,
  UpdateTableCommand,
  type WriteRequest,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { dynamodb } from './clients.js';
import { createTable, type Item, type TableSpec } from './tables.js';
import type { ConsumedRecord } from './topics.js';

/** More digits than a JS double holds: it survives only if nothing parses it as a number. */
export const BIG_NUMBER = '12345678901234567890123456789012345678';

const bytes = (...values: number[]) => new Uint8Array(values);

/** The primary key of item `i` of the every-type table (hash `pk` S, range `sk` N). */
export const everyTypeKey = (i: number): Item => ({
  pk: { S: `item-${String(i).padStart(6, '0')}` },
  sk: { N: String(i) },
});

/**
 * Item `i` with every DynamoDB type, nested types inside each other, and the numbers a double
 * would damage. Deterministic, so a test can say which value a record must carry.
 */
export function everyTypeItem(i: number): Item {
  return {
    ...everyTypeKey(i),
    s: { S: `text ${i} ünïcödé ✓ "quoted" \\ back` },
    n: { N: String(i * 7) },
    big: { N: BIG_NUMBER },
    neg: { N: '-123.456' },
    tiny: { N: '1E-130' },
    bin: { B: bytes(i % 256, 0, 255, 128) },
    yes: { BOOL: i % 2 === 0 },
    nothing: { NULL: true },
    map: {
      M: {
        name: { S: `m${i}` },
        inner: { M: { depth: { N: '2' }, list: { L: [{ S: 'x' }, { N: '1.5' }] } } },
      },
    },
    list: {
      L: [{ S: 'a' }, { N: String(i) }, { BOOL: false }, { NULL: true }, { M: { k: { S: 'v' } } }],
    },
    ss: { SS: ['alpha', 'beta', `gamma-${i % 10}`] },
    ns: { NS: ['1', '2.5', '-3', String(i + 1000)] },
    bs: { BS: [bytes(1, 2, 3), bytes(i % 256, 9)] },
  };
}

/** A small item: many of them make a big table quickly. */
export const smallItem = (i: number): Item => ({
  pk: { S: `k-${String(i).padStart(6, '0')}` },
  v: { N: String(i) },
});

/** The partition key string of smallItem(i). */
export const smallPk = (i: number): string => smallItem(i).pk?.S as string;

/**
 * Writes items with BatchWriteItem, 25 (its limit) per call, `concurrency` calls at a time.
 * Unprocessed items (throttling) are sent again after a backoff until none are left.
 */
export async function batchWrite(table: string, items: Item[], concurrency = 8): Promise<void> {
  const client = dynamodb();
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) {
    batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  }
  const writeBatch = async (batch: WriteRequest[]) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
      const out = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
      );
      pending = out.UnprocessedItems?.[table] ?? [];
    }
  };
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < batches.length) {
      const batch = batches[next++] as WriteRequest[];
      await writeBatch(batch);
    }
  });
  await Promise.all(lanes);
}

/**
 * A table that already holds `items` when its stream is turned on. DynamoDB Local writes slowly
 * to a table with a stream (and slower the more stream records the shared instance holds), so
 * bulk loading first and enabling the stream after keeps big tables quick to set up; and a
 * snapshot test then sees no stream records that predate its scan.
 */
export async function loadTable(
  spec: Omit<TableSpec, 'streamViewType'>,
  items: Item[],
  streamViewType: StreamViewType = 'NEW_AND_OLD_IMAGES',
): Promise<{ streamArn: string }> {
  const client = dynamodb();
  await createTable(spec, client);
  await batchWrite(spec.name, items);
  const out = await client.send(
    new UpdateTableCommand({
      TableName: spec.name,
      StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: spec.name });
  return { streamArn: out.TableDescription?.LatestStreamArn as string };
}

/** A record value in the `envelope` format (DESIGN §4), numbers parsed as JS numbers. */
export interface Envelope {
  op: 'r' | 'c' | 'u' | 'd';
  ts_ms: number;
  source: {
    phase: 'INIT_SYNC' | 'RECONCILE' | 'SYNC';
    sequence_number: string | null;
    table: string;
    [field: string]: unknown;
  };
  key: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface DecodedRecord extends ConsumedRecord {
  /** null for a tombstone. */
  envelope: Envelope | null;
}

export const decodeRecords = (records: ConsumedRecord[]): DecodedRecord[] =>
  records.map((r) => ({
    ...r,
    envelope: r.value === null ? null : (JSON.parse(r.value) as Envelope),
  }));

/** Records grouped by their Kafka key, each group in topic order. */
export function byKey<T extends { key: string | null }>(records: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of records) {
    const key = r.key ?? '<null key>';
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

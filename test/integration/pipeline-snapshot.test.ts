import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamodb } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import {
  BIG_NUMBER,
  decodeRecords,
  everyTypeItem,
  everyTypeKey,
  loadTable,
} from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { deleteItem, putItem, updateItem } from '../support/tables.js';
import { logged, runVerify, startWorker, verifyCounts } from '../support/worker-process.js';

const ITEMS = 5000;
const keyText = (i: number) => JSON.stringify({ pk: everyTypeKey(i).pk?.S, sk: i });
const b64 = (...bytes: number[]) => Buffer.from(bytes).toString('base64');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sorted = (v: unknown) => [...(v as (string | number)[])].sort();

describe('INIT_SYNC of a table with every DynamoDB type', () => {
  it('writes one snapshot record per item, values exact, and verify agrees', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('snapshot');
    const topic = topicFor(table);
    await loadTable(
      {
        name: table,
        hashKey: { name: 'pk', type: 'S' },
        rangeKey: { name: 'sk', type: 'N' },
      },
      Array.from({ length: ITEMS }, (_, i) => everyTypeItem(i)),
    );
    // Small pages over several segments: the snapshot must stitch pages and segments together.
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { segments: 3, pageSize: 250 },
    });

    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    const records = decodeRecords(await readSettledTopic(topic, { atLeast: ITEMS }));
    const snapshot = records.filter((r) => r.envelope?.op === 'r');

    // Exactly one `r` per item: every key once, byte-identical to the key the contract gives.
    expect(snapshot.length).toBe(ITEMS);
    const keys = new Set(snapshot.map((r) => r.key));
    expect(keys.size).toBe(ITEMS);
    const expectedKeys = Array.from({ length: ITEMS }, (_, i) => keyText(i));
    expect(expectedKeys.filter((k) => !keys.has(k))).toEqual([]);
    expect(snapshot.every((r) => r.envelope?.source.phase === 'INIT_SYNC')).toBe(true);

    const i = 42;
    const record = snapshot.find((r) => r.key === keyText(i));
    expect(record?.headers).toMatchObject({ 'dynamodb.table': table, 'dynamodb.op': 'r' });
    const envelope = record?.envelope;
    expect(envelope).toMatchObject({
      op: 'r',
      key: { pk: 'item-000042', sk: 42 },
      before: null,
      source: { phase: 'INIT_SYNC', table, sequence_number: null },
    });
    const after = envelope?.after ?? {};
    expect(after.s).toBe('text 42 ünïcödé ✓ "quoted" \\ back');
    expect(after.bin).toBe(b64(42, 0, 255, 128));
    expect(after.yes).toBe(true);
    expect(after).toHaveProperty('nothing', null);
    expect(after.map).toEqual({ name: 'm42', inner: { depth: 2, list: ['x', 1.5] } });
    expect(after.list).toEqual(['a', 42, false, null, { k: 'v' }]);
    // Sets have no order in DynamoDB: compare them as sets.
    expect(sorted(after.ss)).toEqual(['alpha', 'beta', 'gamma-2']);
    expect(sorted(after.ns)).toEqual(sorted([-3, 1, 2.5, 1042]));
    expect(sorted(after.bs)).toEqual(sorted([b64(1, 2, 3), b64(42, 9)]));

    // Numbers must carry exactly DynamoDB's digits, as JSON numbers: check the raw text, since
    // JSON.parse would round the 38-digit one itself.
    const stored = await dynamodb().send(
      new GetItemCommand({ TableName: table, Key: everyTypeKey(i) }),
    );
    expect(stored.Item?.big?.N).toBe(BIG_NUMBER);
    for (const name of ['big', 'neg', 'tiny']) {
      const digits = stored.Item?.[name]?.N as string;
      expect(record?.value).toMatch(new RegExp(`"${name}"\\s*:\\s*${escapeRegExp(digits)}[,}\\s]`));
    }

    const verified = await runVerify(config, table);
    expect(verifyCounts(verified.stdout, table), verified.stdout + verified.stderr).toEqual({
      matching: ITEMS,
      missing: 0,
      extra: 0,
      differing: 0,
    });
    expect(verified.code).toBe(0);

    // verify must also be able to say no, or its "0" above proves nothing: with the worker
    // stopped, change the table behind the topic's back.
    expect(await worker.stop('SIGTERM')).toBe(0);
    await putItem(table, everyTypeItem(ITEMS));
    await deleteItem(table, everyTypeKey(0));
    await updateItem(table, everyTypeKey(1), { n: { N: '-1' } });
    const stale = await runVerify(config, table);
    expect(verifyCounts(stale.stdout, table), stale.stdout + stale.stderr).toEqual({
      matching: ITEMS - 2,
      missing: 1,
      extra: 1,
      differing: 1,
    });
    for (const k of [ITEMS, 0, 1]) expect(stale.stdout).toContain(everyTypeKey(k).pk?.S);
    expect(stale.code).toBe(1);
  });
});

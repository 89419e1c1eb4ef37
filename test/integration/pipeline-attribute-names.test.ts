import { describe, expect, it } from 'vitest';
import { parse, stringify } from '../../src/records/exact-json.js';
import { dynamodbRpc } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

// Names an object already has, or that need escaping in JSON: all legal attribute names.
const NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'quote " and \\ backslash',
  'line\nbreak',
  'control \u0001\u001f',
  'ключ 鍵 😀',
];

/** An item on the wire whose every name is in NAMES, top level and in a map. Own members only. */
const wireItem = (pk: string, v: number) =>
  Object.fromEntries([
    ['pk', { S: pk }],
    ...NAMES.map((name, i) => [
      name,
      { M: Object.fromEntries([[name, { N: String(v * 100 + i) }]]) },
    ]),
  ]);

const expectedImage = (pk: string, v: number) =>
  Object.fromEntries([
    ['pk', pk],
    ...NAMES.map((name, i) => [name, Object.fromEntries([[name, v * 100 + i]])]),
  ]);

const canonical = (value: unknown) => stringify(parse(JSON.stringify(value)), true);

describe('attribute names', () => {
  it('survive snapshot and stream exactly, and verify agrees', { timeout: 180_000 }, async () => {
    const table = uniqueName('names');
    const rpc = dynamodbRpc();
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const put = (pk: string, v: number) =>
      rpc.call('PutItem', { TableName: table, Item: wireItem(pk, v) });
    for (let k = 0; k < 3; k += 1) await put(`k${k}`, 1);
    const config = writeConnectorConfig({ tables: { whitelist: [table] } });
    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    await put('k0', 2);
    await put('k3', 1);

    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: 5 }));
    // Partitions interleave and DynamoDB orders attributes as it likes: compare sorted lists of
    // (op, image), members sorted too.
    const got = records.map((r) => canonical([r.envelope?.op, r.envelope?.after])).sort();
    // The snapshot reads the stream beside it: the puts made before it are not sent again.
    const want = [
      ...['k0', 'k1', 'k2'].map((pk) => ['r', expectedImage(pk, 1)]),
      ['u', expectedImage('k0', 2)],
      ['c', expectedImage('k3', 1)],
    ]
      .map(canonical)
      .sort();
    expect(got).toEqual(want);
    expect(worker.logs.some(logged('task failed'))).toBe(false);
    await expectVerified(config, table);
    rpc.close();
  });
});

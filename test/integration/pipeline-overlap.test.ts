import { describe, expect, it } from 'vitest';
import { STREAM_TIME_MARGIN_MS } from '../../src/dynamodb/stream-time.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const KEYS = 20;
const UPDATES = 50;
const pkOf = (k: number) => `key-${String(k).padStart(2, '0')}`;

// DynamoDB Local rounds a stream record's time down to the minute: changes made just after a
// restart carry a time from before it, and, within the minute of the scan, from before the
// scan began. None of them may be taken for "already in the snapshot".
describe('the skip rule for records already in the snapshot', () => {
  it('drops no change made after the first catch-up, with the smallest overlap allowed', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('overlap');
    const topic = topicFor(table);
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let k = 0; k < KEYS; k += 1) await putItem(table, { pk: { S: pkOf(k) }, v: { N: '-1' } });
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { streamOverlapMs: STREAM_TIME_MARGIN_MS },
    });

    const first = startWorker(config);
    await first.waitForLog(logged('sync caught up', { table }), 120_000);
    expect(await first.stop()).toBe(0);

    const writtenAt = Date.now();
    for (let i = 0; i < UPDATES; i += 1) {
      await updateItem(table, { pk: { S: pkOf(i % KEYS) } }, { v: { N: String(i) } });
    }
    const second = startWorker(config);
    const records = decodeRecords(
      await readSettledTopic(topic, { atLeast: KEYS + UPDATES, timeoutMs: 90_000 }),
    );
    console.log(
      `overlap: updates written ${Math.round((Date.now() - writtenAt) / 1000)} s ago, in minute ` +
        `${new Date(writtenAt).toISOString().slice(11, 16)}; ${records.length} records`,
    );

    expect(records.filter((r) => r.envelope?.op === 'r').length).toBe(KEYS);
    const updates = records
      .filter((r) => r.envelope?.op === 'u')
      .map((r) => Number(r.envelope?.after?.v))
      .sort((a, b) => a - b);
    expect(updates).toEqual(Array.from({ length: UPDATES }, (_, i) => i));
    expect(second.logs.some(logged('skipped stream records already in the snapshot'))).toBe(false);
    expect(second.logs.some(logged('resync'))).toBe(false);
    await expectVerified(config, table);
  });
});

import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable, putItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const WRITES = 20;

// DynamoDB Local fails an iterator taken while its shard was empty once records arrive
// (TrimmedDataAccessException) if other tables' writes moved its server-wide sequence counter on
// meanwhile. Nothing was trimmed: the worker must renew the iterator and carry on, not resync.
describe('a table whose stream is empty when SYNC starts', () => {
  it('streams its first changes without a resync', { timeout: 120_000 }, async () => {
    const table = uniqueName('empty-stream');
    // Items first, stream enabled afterwards: the table has data, its stream has none.
    const items = Array.from({ length: WRITES }, (_, i) => smallItem(1000 + i));
    await loadTable({ name: table, hashKey: { name: 'pk', type: 'S' } }, items);
    const config = writeConnectorConfig({ tables: { whitelist: [table] } });
    const worker = startWorker(config);
    await worker.waitForLog(logged('sync caught up', { table }), 60_000);

    const other = uniqueName('other');
    await createTable({
      name: other,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < 5; i += 1) await putItem(other, smallItem(i));
    for (let i = 0; i < WRITES; i += 1) await putItem(table, smallItem(i));
    const records = decodeRecords(
      await readSettledTopic(topicFor(table), { atLeast: 2 * WRITES, quietMs: 2000 }),
    );

    expect(records.map((r) => r.envelope?.op)).toEqual([
      ...Array(WRITES).fill('r'),
      ...Array(WRITES).fill('c'),
    ]);
    expect(worker.logs.filter(logged('resync'))).toEqual([]);
    expect(await worker.stop('SIGTERM')).toBe(0);
    await expectVerified(config, table);
  });
});

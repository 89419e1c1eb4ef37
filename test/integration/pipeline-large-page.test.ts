import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import type { Item } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 1500;

// A default Scan page holds up to 1 MB of items; as records (with envelopes) that is more than
// one Kafka record batch may hold, so the worker must split what it sends.
describe('scan pages larger than a Kafka record batch', () => {
  it('are delivered whole, split into batches', { timeout: 120_000 }, async () => {
    const table = uniqueName('large-page');
    const items: Item[] = Array.from({ length: ITEMS }, (_, i) => ({
      pk: { S: `k-${String(i).padStart(5, '0')}` },
      payload: { S: 'x'.repeat(1000) },
    }));
    await loadTable({ name: table, hashKey: { name: 'pk', type: 'S' } }, items);
    const config = writeConnectorConfig({ tables: { whitelist: [table] } });
    const worker = startWorker(config);
    await worker.waitForLog(logged('init sync done', { table }), 90_000);
    const records = decodeRecords(
      await readSettledTopic(topicFor(table), { atLeast: ITEMS, quietMs: 1000 }),
    );
    expect(records.filter((r) => r.envelope?.op === 'r')).toHaveLength(ITEMS);
    expect(worker.logs.filter(logged('task failed'))).toEqual([]);
    expect(await worker.stop('SIGTERM')).toBe(0);
    await expectVerified(config, table);
  });
});

import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamodb } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { batchWrite, decodeRecords, smallItem, smallPk } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { expectReconciled } from '../support/reconcile.js';
import { createTable, deleteItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

/** Disabled and enabled again: a new stream, which holds none of what happened in between. */
async function replaceStream(table: string, between: () => Promise<void>): Promise<void> {
  const setStream = (StreamEnabled: boolean) =>
    dynamodb().send(
      new UpdateTableCommand({
        TableName: table,
        StreamSpecification: StreamEnabled
          ? { StreamEnabled, StreamViewType: 'NEW_AND_OLD_IMAGES' }
          : { StreamEnabled },
      }),
    );
  await setStream(false);
  await between();
  await setStream(true);
}

async function deleteAll(table: string, indexes: number[]): Promise<void> {
  for (let i = 0; i < indexes.length; i += 20) {
    await Promise.all(
      indexes.slice(i, i + 20).map((n) => deleteItem(table, { pk: smallItem(n).pk as never })),
    );
  }
}

async function copiedTable(prefix: string, items: number) {
  const table = uniqueName(prefix);
  await createTable({
    name: table,
    hashKey: { name: 'pk', type: 'S' },
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  await batchWrite(
    table,
    Array.from({ length: items }, (_, i) => smallItem(i)),
  );
  const config = writeConnectorConfig({ tables: { whitelist: [table] } });
  const first = startWorker(config);
  await first.waitForLog(logged('sync caught up', { table }), 120_000);
  expect(await first.stop()).toBe(0);
  return { table, config };
}

describe('reconciliation after a resync', () => {
  it('gives each key deleted while the stream was off one d and a tombstone', {
    timeout: 240_000,
  }, async () => {
    const { table, config } = await copiedTable('reconcile', 40);
    const vanished = [1, 5, 9, 20, 33];
    await replaceStream(table, async () => {
      await deleteAll(table, vanished);
      for (const n of [2, 6]) {
        await updateItem(table, { pk: smallItem(n).pk as never }, { v: { N: String(-n) } });
      }
    });

    const second = startWorker(config);
    const resync = await second.waitForLog(logged('resync', { table }), 60_000);
    expect(resync.reason).toBe('stream_changed');
    const done = await second.waitForLog(logged('reconcile done', { table }), 120_000, resync);
    expect(done).toMatchObject({ keys: 40, deletes: vanished.length });
    await second.waitForLog(logged('sync caught up', { table }), 60_000, done);

    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: 80 }));
    expectReconciled(records, vanished.map(smallPk));
    await expectVerified(config, table);
    // Reconciled once: a restart does not do it again.
    expect(await second.stop()).toBe(0);
    const third = startWorker(config);
    await third.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 60_000);
    expect(third.logs.some(logged('reconcile started', { table }))).toBe(false);
  });

  it('after a crash during reconciliation, runs it again and deletes each key once', {
    timeout: 300_000,
  }, async () => {
    const ITEMS = 6000;
    const { table, config } = await copiedTable('reconcile-crash', ITEMS);
    const vanished = Array.from({ length: 1500 }, (_, i) => i * 4);
    await replaceStream(table, () => deleteAll(table, vanished));

    const crashing = startWorker(config);
    await crashing.waitForLog(logged('reconcile started', { table }), 120_000);
    await crashing.kill();
    // The crash must land inside the reconciliation for this test to mean anything.
    expect(crashing.logs.some(logged('reconcile done', { table }))).toBe(false);

    const restarted = startWorker(config);
    const again = await restarted.waitForLog(logged('reconcile started', { table }), 60_000);
    expect(restarted.logs.some(logged('init sync started', { table }))).toBe(false);
    const done = await restarted.waitForLog(logged('reconcile done', { table }), 120_000, again);
    expect(done.keys).toBe(ITEMS);
    await restarted.waitForLog(logged('sync caught up', { table }), 60_000, done);

    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: 2 * ITEMS }));
    expectReconciled(records, vanished.map(smallPk));
    await expectVerified(config, table);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, smallItem, smallPk } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { expectReconciled } from '../support/reconcile.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const SAFE_ZONE_MS = 5000;
const INITIAL = 20;
const ADDED = 5;
const DELETED = [1, 3, 5];

describe('a stream position older than the safe zone', () => {
  it('makes the task resync: a new INIT_SYNC, then SYNC, and the topic matches the table', {
    timeout: 360_000,
  }, async () => {
    const table = uniqueName('resync');
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < INITIAL; i += 1) await putItem(table, smallItem(i));
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      sync: { safeZoneMs: SAFE_ZONE_MS },
    });

    const first = startWorker(config);
    const started = await first.waitForLog(logged('init sync started', { table }), 60_000);
    await first.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    // The safe zone applies once the stream has caught up: at the snapshot's cut.
    await first.waitForLog(logged('sync caught up', { table }), 60_000);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.logs.some(logged('worker stopped'))).toBe(true);
    expect(first.logs.some(logged('resync'))).toBe(false);

    // Changes the stopped worker has not read, left to age past the safe zone: the new snapshot
    // cannot show the deletes, and its stream cut skips them (they are before the cut), as on
    // AWS for deletes the stream no longer holds. Reconciliation must write them.
    for (let i = 0; i < INITIAL; i += 2) {
      await updateItem(table, { pk: smallItem(i).pk as AttributeValue }, { v: { N: String(-i) } });
    }
    for (const i of DELETED) await deleteItem(table, { pk: smallItem(i).pk as AttributeValue });
    for (let i = INITIAL; i < INITIAL + ADDED; i += 1) await putItem(table, smallItem(i));
    await sleep(SAFE_ZONE_MS + 2000);

    const second = startWorker(config);
    const resync = await second.waitForLog(logged('resync', { table }), 90_000);
    expect(resync).toMatchObject({ level: 'warn', reason: 'safe_zone' });
    // The order matters: resync, then a fresh scan of a new generation, then SYNC again.
    const restarted = await second.waitForLog(
      logged('init sync started', { table }),
      30_000,
      resync,
    );
    expect(restarted.resumed).toBe(false);
    expect(Number(restarted.generation)).toBeGreaterThan(Number(started.generation));
    const synced = await second.waitForLog(
      logged('phase changed', { table, to: 'SYNC' }),
      120_000,
      restarted,
    );
    await second.waitForLog(logged('sync caught up', { table }), 60_000, synced);
    expect(second.logs.filter(logged('resync'))).toHaveLength(1);

    // Both snapshots are in the topic: the first generation's items, then all current items.
    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: INITIAL }));
    const snapshots = records.filter((r) => r.envelope?.op === 'r');
    expect(snapshots.length).toBe(INITIAL + INITIAL - DELETED.length + ADDED);
    const starts = new Set(snapshots.map((r) => r.envelope?.source.init_sync_start));
    expect(starts.size).toBe(2);

    expectReconciled(records, DELETED.map(smallPk));
    await expectVerified(config, table);
  });
});

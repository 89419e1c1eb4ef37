import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, smallItem, smallPk } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic, topicSize } from '../support/pipeline-topic.js';
import { expectReconciled } from '../support/reconcile.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, runCli, startWorker } from '../support/worker-process.js';

const pk = (n: number) => smallItem(n).pk as never;

async function tableWith(prefix: string, items: number): Promise<string> {
  const table = uniqueName(prefix);
  await createTable({
    name: table,
    hashKey: { name: 'pk', type: 'S' },
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  for (let i = 0; i < items; i += 1) await putItem(table, smallItem(i));
  return table;
}

/** A new item reaches the table's topic: its task is streaming. */
async function expectStreamed(table: string, n: number): Promise<void> {
  const before = await topicSize(topicFor(table));
  await putItem(table, smallItem(n));
  await expect
    .poll(() => topicSize(topicFor(table)), { timeout: 30_000, interval: 500 })
    .toBe(before + 1);
}

describe('initSync.mode initial_only and the snapshot command', () => {
  it('ends DONE beside a streaming table, does not rescan on restart, and reconciles a requested snapshot', {
    timeout: 240_000,
  }, async () => {
    const once = await tableWith('only', 12);
    const streaming = await tableWith('streams', 3);
    const config = writeConnectorConfig({
      tables: { whitelist: [once, streaming] },
      initSync: { modeOverrides: { [once]: 'initial_only' } },
      sync: { shardRefreshMs: 1000 },
    });

    const first = startWorker(config);
    await first.waitForLog(logged('task done', { table: once }), 60_000);
    await first.waitForLog(logged('sync caught up', { table: streaming }), 60_000);
    await expectStreamed(streaming, 100);
    expect(first.logs.some(logged('phase changed', { table: once, to: 'SYNC' }))).toBe(false);
    expect(await first.stop()).toBe(0);

    const second = startWorker(config);
    await second.waitForLog(logged('task done', { table: once }), 60_000);
    expect(second.logs.some(logged('init sync started', { table: once }))).toBe(false);
    expect(await topicSize(topicFor(once))).toBe(12);
    // A DONE table does not read its stream: these reach the topic only by a new snapshot.
    const vanished = [0, 4, 7];
    for (const n of vanished) await deleteItem(once, { pk: pk(n) });
    for (const n of [1, 2]) await updateItem(once, { pk: pk(n) }, { v: { N: String(-n) } });

    const asked = await runCli(['snapshot', '--config', config, '--table', once]);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toMatch(new RegExp(`snapshot of ${once} requested`));
    const resync = await second.waitForLog(logged('resync', { table: once }), 30_000);
    expect(resync).toMatchObject({ level: 'warn', reason: 'snapshot_requested' });
    const done = await second.waitForLog(logged('reconcile done', { table: once }), 60_000, resync);
    expect(done).toMatchObject({ keys: 12, deletes: vanished.length });
    await second.waitForLog(logged('task done', { table: once }), 30_000, done);
    // The other table went on as it was.
    expect(second.logs.some(logged('resync', { table: streaming }))).toBe(false);
    await expectStreamed(streaming, 101);

    const records = decodeRecords(await readSettledTopic(topicFor(once), { atLeast: 12 + 9 }));
    expectReconciled(records, vanished.map(smallPk));
    await expectVerified(config, once);
    await expectVerified(config, streaming);
    // Answered once: a restart neither rescans nor takes the command again.
    expect(await second.stop()).toBe(0);
    const third = startWorker(config);
    await third.waitForLog(logged('task done', { table: once }), 60_000);
    expect(third.logs.some(logged('init sync started', { table: once }))).toBe(false);
  });
});

describe("initSync.mode 'never'", () => {
  it("with sync.startPosition 'latest': no r, exactly the changes made after the start, none lost by a restart", {
    timeout: 180_000,
  }, async () => {
    const table = await tableWith('never-latest', 6);
    const topic = topicFor(table);
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { mode: 'never' },
      sync: { startPosition: 'latest' },
    });
    const first = startWorker(config);
    await first.waitForLog(logged('shard read from latest', { table }), 60_000);
    await updateItem(table, { pk: pk(1) }, { v: { N: '-1' } });
    await deleteItem(table, { pk: pk(2) });
    await putItem(table, smallItem(50));
    await expect.poll(() => topicSize(topic), { timeout: 30_000, interval: 500 }).toBe(4);
    expect(await first.stop()).toBe(0);
    // Made while stopped: the restart resumes after the stored position, not at LATEST again.
    await putItem(table, smallItem(51));

    const second = startWorker(config);
    await second.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 60_000);
    expect(second.logs.some(logged('shard read from latest', { table }))).toBe(false);
    const records = decodeRecords(await readSettledTopic(topic, { atLeast: 5 }));
    expect(records.map((r) => [r.envelope?.op ?? 'tombstone', r.envelope?.key.pk ?? null])).toEqual(
      [
        ['u', smallPk(1)],
        ['d', smallPk(2)],
        ['tombstone', null],
        ['c', smallPk(50)],
        ['c', smallPk(51)],
      ],
    );
  });

  it("with 'trim_horizon': what the stream holds, no r", { timeout: 180_000 }, async () => {
    const table = await tableWith('never-trim', 6);
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { mode: 'never' },
    });
    const worker = startWorker(config);
    await worker.waitForLog(logged('sync caught up', { table }), 60_000);
    const records = decodeRecords(await readSettledTopic(topicFor(table), { atLeast: 6 }));
    expect(records.map((r) => r.envelope?.op)).toEqual(Array(6).fill('c'));
    // The stream holds the table's whole history here, so the topic rebuilds it.
    await expectVerified(config, table);
  });
});

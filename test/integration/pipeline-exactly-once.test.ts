import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { type DecodedRecord, decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import { consumeTopic } from '../support/topics.js';
import {
  expectVerified,
  logged,
  startWorker,
  type WorkerProcess,
} from '../support/worker-process.js';

const EXACTLY_ONCE = { delivery: { guarantee: 'exactly_once' } };

/**
 * The records a read_committed consumer sees once the worker has written everything: the
 * topic's offsets also count transaction markers and aborted records, so its size is only a
 * lower bound to wait for.
 */
async function readCommitted(topic: string, atLeast: number, timeoutMs = 120_000) {
  await waitForTopicQuiet(topic, { atLeast, quietMs: 5_000, timeoutMs });
  return decodeRecords(await consumeTopic(topic, { idleMs: 3_000, timeoutMs }));
}

/**
 * What a read_committed consumer must never see in exactly-once mode: a snapshot record twice for
 * one key in one snapshot, a stream record (shard + sequence number) twice, a tombstone without
 * its delete just before it. Returns the duplicates found, to name them in a failure.
 */
function duplicatesIn(records: DecodedRecord[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  records.forEach((r, i) => {
    if (r.envelope === null) {
      const before = records.slice(0, i).findLast((p) => p.key === r.key);
      if (before?.envelope?.op !== 'd') dups.push(`tombstone of ${r.key} without its d`);
      return;
    }
    const { source, op } = r.envelope;
    const id =
      op === 'r'
        ? `r ${r.key} of snapshot ${String(source.init_sync_start)}`
        : op === 'd' && source.phase === 'RECONCILE'
          ? `reconcile d ${r.key}`
          : `${String(source.shard_id)}/${source.sequence_number}`;
    if (seen.has(id)) dups.push(id);
    seen.add(id);
  });
  return dups;
}

describe('exactly-once delivery', () => {
  it('a second writer of the table fences the first, which stops writing it; no record twice', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('eos-fence');
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < 20; i += 1) await putItem(table, smallItem(i));
    const config = writeConnectorConfig({ tables: { whitelist: [table] }, ...EXACTLY_ONCE });
    const first = startWorker(config);
    await first.waitForLog(logged('sync caught up', { table }), 90_000);

    const second = startWorker(config);
    await second.waitForLog(logged('task started', { table }), 60_000);
    // Changes while both run: the first one's next transaction is refused.
    const fencedBy = Date.now() + 30_000;
    let i = 100;
    while (!first.logs.some(logged('task fenced', { table })) && Date.now() < fencedBy) {
      await putItem(table, smallItem(i));
      i += 1;
      await sleep(200);
    }
    const fenced = await first.waitForLog(logged('task fenced', { table }), 1_000);
    expect(fenced).toMatchObject({ level: 'error' });
    expect(String(fenced.error)).toMatch(/fenced/);
    await first.waitForLog(logged('task not restarted', { table }), 10_000);
    expect(second.logs.some(logged('task fenced'))).toBe(false);
    // The second resumed from what the first committed: no new snapshot.
    expect(second.logs.some(logged('init sync started', { table }))).toBe(false);
    for (let j = 0; j < 10; j += 1)
      await updateItem(table, { pk: smallItem(j).pk as never }, { v: { N: '1' } });

    const records = await readCommitted(topicFor(table), 20 + (i - 100) + 10);
    expect(duplicatesIn(records)).toEqual([]);
    await expectVerified(config, table);
    expect(await second.stop()).toBe(0);
    expect(await first.stop()).toBe(0);
  });

  it('ten SIGKILLs across INIT_SYNC and SYNC under writes: a read_committed consumer sees each change once', {
    timeout: 300_000,
  }, async () => {
    const ITEMS = 40_000;
    const table = uniqueName('eos-crash');
    await loadTable(
      { name: table, hashKey: { name: 'pk', type: 'S' } },
      Array.from({ length: ITEMS }, (_, i) => ({ ...smallItem(i), v: { N: '0' } })),
    );
    // Pages always in flight: a kill at a random moment often finds a page written and its
    // position not yet (what at least once re-sends). The scan takes several runs.
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      // Two segments: a task's writers share its one transactional producer.
      initSync: { pageSize: 250, segments: 2 },
      ...EXACTLY_ONCE,
    });
    const random = seededRandom(11);
    let writing = true;
    const writer = (async () => {
      for (let n = 1; writing; n += 1) {
        const k = Math.floor(random() * ITEMS);
        const key = { pk: smallItem(k).pk as never };
        const roll = random();
        if (roll < 0.1) await deleteItem(table, key);
        else if (roll < 0.2) await putItem(table, { ...smallItem(k), v: { N: String(n) } });
        else await updateItem(table, key, { v: { N: String(n) } });
        if (n % 10 === 0) await sleep(1);
      }
    })();

    const kills: string[] = [];
    let worker: WorkerProcess = startWorker(config);
    for (let kill = 0; kill < 10; kill += 1) {
      // The first five kills come soon after the start, to land in the scan (it reads ~9,000
      // items/s); the last five once the worker is in SYNC, however long the scan took.
      if (kill < 5) {
        await worker.waitForLog(logged('task started', { table }), 60_000);
        await sleep(300 + random() * 600);
      } else {
        await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
        await sleep(800 + random() * 1_700);
      }
      const phase = worker.logs.filter(logged('phase changed', { table })).at(-1)?.to;
      await worker.kill();
      kills.push(String(phase));
      worker = startWorker(config);
    }
    console.log(`eos-crash: SIGKILL in phases ${kills.join(', ')}`);
    expect(kills).toContain('INIT_SYNC');
    expect(kills).toContain('SYNC');
    // The last worker resumes in SYNC (it may find the stream caught up already, so says nothing
    // more); the writer stops, and the topic settles once everything is copied.
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);
    writing = false;
    await writer;

    const records = await readCommitted(topicFor(table), ITEMS, 180_000);
    console.log('DUPS', duplicatesIn(records).slice(0, 8), records.length);
    expect(duplicatesIn(records)).toEqual([]);
    expect(new Set(records.filter((r) => r.envelope?.op === 'r').map((r) => r.key)).size).toBe(
      records.filter((r) => r.envelope?.op === 'r').length,
    );
    expect(worker.logs.some(logged('resync'))).toBe(false);
    await expectVerified(config, table);
    expect(await worker.stop()).toBe(0);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import {
  byKey,
  type DecodedRecord,
  decodeRecords,
  loadTable,
  smallItem,
} from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import { deleteItem, putItem, updateItem } from '../support/tables.js';
import { consumeTopic } from '../support/topics.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 20_000;
const KEYS_WRITTEN = 2_000;
// DynamoDB Local rounds record times down to the minute, so a record can look 60 s old when
// it is new: the smallest safe zone that does not misfire here is a little above that.
const SAFE_ZONE_MS = 70_000;

/** Random puts, updates and deletes, each with a version `v` above every earlier one. */
function startWriter(table: string, random: () => number) {
  let version = ITEMS;
  let writes = 0;
  let stopped = false;
  const done = (async () => {
    while (!stopped && writes < 100_000) {
      const pk = smallItem(Math.floor(random() * KEYS_WRITTEN)).pk as { S: string };
      const dice = random();
      version++;
      if (dice < 0.6) await updateItem(table, { pk }, { v: { N: String(version) } });
      else if (dice < 0.85) await putItem(table, { pk, v: { N: String(version) } });
      else await deleteItem(table, { pk });
      writes++;
      await sleep(5);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return writes;
    },
  };
}

/** Keys whose version goes down from one record to the next, `r` records included. */
function wentBack(records: DecodedRecord[]): string[] {
  const back: string[] = [];
  for (const [key, group] of byKey(records)) {
    let last = Number.NEGATIVE_INFINITY;
    for (const r of group) {
      const v = r.envelope?.after?.v;
      if (typeof v !== 'number') continue;
      if (v < last) back.push(`${key}: ${last} then ${v} (${r.envelope?.op})`);
      last = v;
    }
  }
  return back;
}

describe('a snapshot read beside the stream', () => {
  it('outlasts the safe zone 3× under writes, survives a SIGKILL mid-scan, and no key goes back in time', {
    timeout: 900_000,
  }, async () => {
    const table = uniqueName('online');
    const topic = topicFor(table);
    await loadTable(
      { name: table, hashKey: { name: 'pk', type: 'S' } },
      Array.from({ length: ITEMS }, (_, i) => smallItem(i)),
    );
    // Pages of 20 at 2 RCU/s (a page costs at least 0.5): about 80 items/s, over 4 minutes.
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { segments: 2, pageSize: 20, maxReadCapacityUnits: 2 },
      sync: { safeZoneMs: SAFE_ZONE_MS },
    });
    const writer = startWriter(table, seededRandom(14));
    const started = Date.now();
    let scanMs = 0;
    const first = startWorker(config);
    const second = startWorker.bind(null, config);
    let resumed: ReturnType<typeof startWorker> | undefined;
    try {
      await first.waitForLog(logged('stream cut: the snapshot starts', { table }), 120_000);
      await first.waitForLog(logged('init sync progress', { table }), 60_000);
      await sleep(60_000);
      expect(first.logs.some(logged('init sync done', { table }))).toBe(false);
      await first.kill();
      resumed = second();
      await resumed.waitForLog(logged('init sync started', { table }), 60_000);
      const done = await resumed.waitForLog(logged('init sync done', { table }), 600_000);
      scanMs = Date.now() - started;
      console.log(`online snapshot: init sync done ${JSON.stringify(done)}`);
      await sleep(5000);
    } finally {
      const writes = await writer.stop();
      console.log(`online snapshot: ${writes} writes during ${Math.round(scanMs / 1000)} s`);
    }
    expect(scanMs).toBeGreaterThanOrEqual(3 * SAFE_ZONE_MS);
    expect(resumed?.logs.some(logged('init sync started', { table, resumed: true }))).toBe(true);
    await waitForTopicQuiet(topic, {
      atLeast: ITEMS - KEYS_WRITTEN,
      quietMs: 6000,
      timeoutMs: 120_000,
    });
    const records = decodeRecords(await consumeTopic(topic, { idleMs: 3000, timeoutMs: 180_000 }));
    const back = wentBack(records);
    const snapshot = records.filter((r) => r.envelope?.op === 'r').length;
    console.log(
      `online snapshot: ${records.length} records, ${snapshot} r, ${back.length} keys back in time`,
    );
    expect(back.slice(0, 10), 'keys whose version went down').toEqual([]);
    // The 20,000 writes that loaded the table are before the cut: none is in the topic.
    expect(
      records.filter((r) => r.envelope?.op === 'c' && Number(r.envelope.after?.v) < ITEMS).length,
    ).toBe(0);
    expect([first, resumed].some((w) => w?.logs.some(logged('resync')))).toBe(false);
    await expectVerified(config, table);
    await resumed?.stop();
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import { consumeTopic } from '../support/topics.js';
import { startVersionedWriter, wentBack } from '../support/versioned-writer.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 20_000;
const KEYS_WRITTEN = 2_000;
// DynamoDB Local rounds record times down to the minute, so a record can look 60 s old when
// it is new: the smallest safe zone that does not misfire here is a little above that.
const SAFE_ZONE_MS = 70_000;

describe('a snapshot read beside the stream', () => {
  it.each([
    { name: 'outlasts the safe zone 3× under writes, and no key goes back in time', kill: false },
    { name: 'the same with a SIGKILL mid-scan: the scan resumes', kill: true },
  ])('$name', { timeout: 900_000 }, async ({ kill }) => {
    const table = uniqueName(kill ? 'online-kill' : 'online');
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
    const writer = startVersionedWriter(table, seededRandom(kill ? 14 : 41), {
      keys: KEYS_WRITTEN,
      firstVersion: ITEMS,
      maxWrites: 100_000,
    });
    const started = Date.now();
    let scanMs = 0;
    const first = startWorker(config);
    let last = first;
    let done: Record<string, unknown> = {};
    try {
      await first.waitForLog(logged('stream cut: the snapshot starts', { table }), 120_000);
      await first.waitForLog(logged('init sync progress', { table }), 60_000);
      if (kill) {
        await sleep(60_000);
        expect(first.logs.some(logged('init sync done', { table }))).toBe(false);
        await first.kill();
        last = startWorker(config);
        await last.waitForLog(logged('init sync started', { table }), 60_000);
      }
      done = await last.waitForLog(logged('init sync done', { table }), 600_000);
      scanMs = Date.now() - started;
      console.log(`online snapshot: init sync done ${JSON.stringify(done)}`);
      await sleep(5000);
    } finally {
      const writes = await writer.stop();
      console.log(`online snapshot: ${writes} writes during ${Math.round(scanMs / 1000)} s`);
    }
    expect(scanMs).toBeGreaterThanOrEqual(3 * SAFE_ZONE_MS);
    if (kill)
      expect(last.logs.some(logged('init sync started', { table, resumed: true }))).toBe(true);
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
    // Every item scanned was written as an r or dropped for the stream, and said so.
    if (!kill) expect(snapshot).toBe(Number(done.items) - Number(done.droppedForStream));
    expect([first, last].some((w) => w.logs.some(logged('resync')))).toBe(false);
    // One cut per snapshot: SYNC goes on from the stream reader's positions, skipping nothing.
    const cut = logged('stream cut: the snapshot starts', { table });
    expect(new Set([first, last].flatMap((w) => w.logs.filter(cut))).size).toBe(1);
    expect(last.logs.some(logged('skipped stream records from before the snapshot began'))).toBe(
      !kill,
    );
    await expectVerified(config, table);
    await last.stop();
  });
});

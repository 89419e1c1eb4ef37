import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { decodeRecords, loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic, topicSize } from '../support/pipeline-topic.js';
import { expectVerified, type LogEntry, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 50_000;
const SEGMENTS = 4;
const PAGE = 500;
const KILL_AT = 10_000;

describe('a crash during INIT_SYNC', () => {
  it('resumes each segment from its stored position: no item lost, at most a page re-sent per segment', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('crash-init');
    const topic = topicFor(table);
    await loadTable(
      { name: table, hashKey: { name: 'pk', type: 'S' } },
      Array.from({ length: ITEMS }, (_, i) => smallItem(i)),
    );
    const config = writeConnectorConfig({
      tables: { whitelist: [table] },
      initSync: { segments: SEGMENTS, pageSize: PAGE },
    });

    const first = startWorker(config);
    await first.waitForLog(logged('init sync started', { table }), 60_000);
    // Either sign that the scan is well under way will do; progress is logged only now and then.
    const scanned = (e: LogEntry) =>
      e.message === 'init sync progress' && Number(e.items) >= KILL_AT;
    const deadline = Date.now() + 90_000;
    while (
      (await topicSize(topic)) < KILL_AT &&
      !first.logs.some(scanned) &&
      Date.now() < deadline
    ) {
      expect(first.isRunning, first.tail()).toBe(true);
      await sleep(100);
    }
    await first.kill();
    const atCrash = await topicSize(topic);
    console.log(`crash-init: SIGKILL with ${atCrash} records in the topic`);
    // Killed after the scan had finished, the test would prove nothing about resuming.
    expect(first.logs.some(logged('init sync done', { table }))).toBe(false);
    expect(atCrash).toBeGreaterThan(0);
    expect(atCrash).toBeLessThan(ITEMS);

    const second = startWorker(config);
    await second.waitForLog(logged('init sync started', { table, resumed: true }), 60_000);
    await second.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 150_000);
    const records = decodeRecords(await readSettledTopic(topic, { atLeast: ITEMS }));
    const snapshot = records.filter((r) => r.envelope?.op === 'r');
    const distinct = new Set(snapshot.map((r) => r.key));
    console.log(
      `crash-init: ${snapshot.length} r records, ${distinct.size} distinct keys, ` +
        `${snapshot.length - distinct.size} re-sent (bound ${SEGMENTS * PAGE})`,
    );
    expect(distinct.size).toBe(ITEMS);
    expect(snapshot.length).toBeLessThanOrEqual(ITEMS + SEGMENTS * PAGE);
    await expectVerified(config, table);
  });
});

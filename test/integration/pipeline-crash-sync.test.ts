import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { byKey, decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const KEYS = 100;
const UPDATES = 1000;
const KILL_AT = 350;
const RESTART_AT = 700;

const pkOf = (k: number) => `key-${String(k).padStart(3, '0')}`;
const keyText = (k: number) => JSON.stringify({ pk: pkOf(k) });

describe('a crash during SYNC', () => {
  it('loses no change and re-sends only the unacknowledged tail', {
    timeout: 240_000,
  }, async () => {
    const table = uniqueName('crash-sync');
    const topic = topicFor(table);
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    // v says which write made the image: the initial put -1 - k (before the snapshot's stream
    // cut, so in the snapshot only), update i gets i.
    const made = new Map<string, number[]>();
    for (let k = 0; k < KEYS; k += 1) {
      await putItem(table, { pk: { S: pkOf(k) }, v: { N: String(-1 - k) } });
      made.set(keyText(k), []);
    }
    const config = writeConnectorConfig({ tables: { whitelist: [table] } });
    const first = startWorker(config);
    await first.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);

    // The writer never pauses: the worker dies while changes arrive, and restarts into a backlog.
    let second: ReturnType<typeof startWorker> | undefined;
    for (let i = 0; i < UPDATES; i += 1) {
      if (i === KILL_AT) await first.kill();
      if (i === RESTART_AT) second = startWorker(config);
      const k = i % KEYS;
      await updateItem(table, { pk: { S: pkOf(k) } }, { v: { N: String(i) } });
      made.get(keyText(k))?.push(i);
    }

    const records = decodeRecords(
      await readSettledTopic(topic, { atLeast: KEYS + UPDATES, timeoutMs: 150_000 }),
    );
    // SYNC resumes from stored offsets: the snapshot is not taken again.
    expect(records.filter((r) => r.envelope?.op === 'r').length).toBe(KEYS);
    expect(second?.logs.some(logged('resync'))).toBe(false);

    // Each distinct change (key + sequence number), with how many copies the topic holds.
    type Change = { seq: bigint; v: unknown; copies: number };
    const changesOf = new Map<string, Map<string, Change>>();
    for (const [key, group] of byKey(records)) {
      const changes = new Map<string, Change>();
      for (const r of group) {
        if (r.envelope?.source.phase !== 'SYNC') continue;
        const seq = r.envelope.source.sequence_number as string;
        const change = changes.get(seq) ?? { seq: BigInt(seq), v: r.envelope.after?.v, copies: 0 };
        change.copies += 1;
        changes.set(seq, change);
      }
      changesOf.set(key, changes);
    }
    const all = [...changesOf.values()].flatMap((changes) => [...changes.values()]);
    const duplicated = all.filter((c) => c.copies > 1);
    console.log(
      `crash-sync: ${records.length} records, ${all.length} distinct changes, ` +
        `${duplicated.length} duplicated (${all.reduce((n, c) => n + c.copies - 1, 0)} extra copies)`,
    );

    // Duplicates aside, each key's changes are exactly the writes made, in the order made.
    const wrong = [...made].filter(
      ([key, vs]) =>
        !isDeepStrictEqual(
          [...(changesOf.get(key)?.values() ?? [])].map((c) => c.v),
          vs,
        ),
    );
    expect(
      wrong.map(([key]) => key),
      'keys whose changes differ from the writes made',
    ).toEqual([]);
    const disordered = [...changesOf].filter(([, changes]) =>
      [...changes.values()].some((c, i, list) => i > 0 && c.seq <= (list[i - 1] as Change).seq),
    );
    expect(
      disordered.map(([key]) => key),
      'keys out of sequence order',
    ).toEqual([]);
    expect(all.length).toBe(UPDATES);
    // Only what was in flight when the worker died may come twice: nothing made after the kill,
    // and nothing more than twice.
    expect(duplicated.filter((c) => c.copies > 2 || Number(c.v) >= KILL_AT)).toEqual([]);

    await expectVerified(config, table);
  });
});

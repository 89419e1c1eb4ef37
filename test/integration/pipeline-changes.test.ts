import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { byKey, decodeRecords } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { readSettledTopic } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const KEYS = 200;
const INITIAL = 50;
const OPS = 1000;

type Image = Record<string, unknown>;
/** What one change must look like in the topic: its envelope's op and images, or a tombstone. */
type Expected = { op: 'c' | 'u' | 'd'; before: Image | null; after: Image | null } | 'tombstone';

const pkOf = (k: number) => `key-${String(k).padStart(3, '0')}`;
const keyText = (pk: string) => JSON.stringify({ pk });

/**
 * Writes to the table one awaited call at a time and keeps, per key, the records the stream must
 * produce: the item's state is tracked so each write's op and images are known.
 */
class Workload {
  readonly expected = new Map<string, Expected[]>();
  private readonly state = new Map<string, Image>();

  constructor(private readonly table: string) {}

  async put(pk: string, v: number): Promise<void> {
    await putItem(this.table, { pk: { S: pk }, v: { N: String(v) }, kind: { S: 'put' } });
    this.changed(pk, { pk, v, kind: 'put' });
  }

  async update(pk: string, v: number): Promise<void> {
    await updateItem(
      this.table,
      { pk: { S: pk } },
      { v: { N: String(v) }, updated: { BOOL: true } },
    );
    this.changed(pk, { ...(this.state.get(pk) ?? { pk }), v, updated: true });
  }

  async delete(pk: string): Promise<void> {
    await deleteItem(this.table, { pk: { S: pk } });
    const before = this.state.get(pk);
    // Deleting an absent item changes nothing, and DynamoDB Streams records nothing for it.
    if (!before) return;
    this.state.delete(pk);
    this.add(pk, { op: 'd', before, after: null }, 'tombstone');
  }

  private changed(pk: string, after: Image): void {
    const before = this.state.get(pk) ?? null;
    this.state.set(pk, after);
    this.add(pk, { op: before ? 'u' : 'c', before, after });
  }

  private add(pk: string, ...records: Expected[]): void {
    const key = keyText(pk);
    this.expected.set(key, [...(this.expected.get(key) ?? []), ...records]);
  }
}

describe('SYNC: changes made while the worker runs', () => {
  it('reach the topic per key in the order they were made, with images and tombstones', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('changes');
    const topic = topicFor(table);
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const work = new Workload(table);
    for (let k = 0; k < INITIAL; k += 1) await work.put(pkOf(k), -1 - k);
    // Written before the snapshot's stream cut: in the snapshot, never in the stream's records.
    work.expected.clear();

    const config = writeConnectorConfig({ tables: { whitelist: [table] } });
    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 120_000);

    // Every write changes the item (v is the op's index), so every write makes a stream record.
    const random = seededRandom(20240611);
    for (let v = 0; v < OPS; v += 1) {
      const pk = pkOf(Math.floor(random() * KEYS));
      const dice = random();
      if (dice < 0.4) await work.put(pk, v);
      else if (dice < 0.75) await work.update(pk, v);
      else await work.delete(pk);
    }

    const syncRecords = [...work.expected.values()].reduce((n, list) => n + list.length, 0);
    const records = decodeRecords(
      await readSettledTopic(topic, { atLeast: INITIAL + syncRecords, timeoutMs: 150_000 }),
    );

    const snapshot = records.filter((r) => r.envelope?.source.phase === 'INIT_SYNC');
    expect(snapshot.map((r) => r.envelope?.op)).toEqual(Array(INITIAL).fill('r'));

    // After the snapshot, exactly the workload's changes, per key in the order they were made.
    const actual = new Map<string, Expected[]>();
    for (const [key, group] of byKey(records)) {
      actual.set(
        key,
        group
          .filter((r) => r.envelope?.source.phase !== 'INIT_SYNC')
          .map((r): Expected => {
            if (r.envelope === null) return 'tombstone';
            const { op, before, after } = r.envelope;
            return { op: op as 'c' | 'u' | 'd', before, after };
          }),
      );
    }
    const keys = new Set([...work.expected.keys(), ...actual.keys()]);
    const wrong = [...keys].filter(
      (k) => !isDeepStrictEqual(actual.get(k) ?? [], work.expected.get(k) ?? []),
    );
    expect(
      wrong.slice(0, 3).map((k) => ({ key: k, topic: actual.get(k), made: work.expected.get(k) })),
      `${wrong.length} of ${keys.size} keys differ`,
    ).toEqual([]);

    // Within a key, stream order is sequence-number order (compared as numbers, not strings).
    for (const group of byKey(records).values()) {
      const seqs = group.flatMap((r) =>
        r.envelope?.source.phase === 'SYNC'
          ? [BigInt(r.envelope.source.sequence_number ?? -1)]
          : [],
      );
      expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as bigint))).toBe(true);
    }
    expect(records.length).toBe(INITIAL + syncRecords);

    await expectVerified(config, table);
  });
});

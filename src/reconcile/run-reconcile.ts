import type { Change } from '../records/change.js';
import type { TaskRuntime } from '../task/runtime.js';
import { KeyIndex, type RecordAt } from './key-index.js';
import { imageOf, leavesOldImage, type TopicRecord } from './topic-record.js';

export type ReadTopic = (
  onRecord: (record: TopicRecord & { key: Buffer | null }) => void,
  ranges?: ReadonlyMap<number, readonly [bigint, bigint]>,
) => Promise<number>;

export interface ReconcilePlan {
  /** The table topic's end offsets when this generation began (TableOffset.topic_marks). */
  marks: bigint[];
  /** The scratch index file (replaced if a crashed run left one). */
  indexPath: string;
  /**
   * Reads the table topic from its start to its current end, or only `ranges`. Retried, so it
   * may call back again from the start: both passes below take that.
   */
  readTopic: ReadTopic;
}

export interface ReconcileResult {
  done: boolean;
  keys: number;
  deletes: number;
}

/** Ghosts whose images are read back at a time: bounds the memory they take (~1 KB each). */
const GHOSTS_PER_PASS = 5000;
const DELETES_PER_BATCH = 500;

function reconcileDelete(key: Buffer, image: Buffer | null, nowMs: number): Change {
  return {
    op: 'd',
    phase: 'RECONCILE',
    key,
    before: image,
    after: null,
    changeTimeMs: nowMs,
    eventId: null,
    sequenceNumber: null,
    shardId: null,
    ttlDelete: false,
  };
}

/**
 * The images of these ghosts, read back from where their last records are: one ranged read per
 * partition. Copied, so a fetch buffer is not kept alive by a small view of it. A record gone
 * meanwhile (retention) leaves null: the `d` then has no `before`.
 */
async function imagesOf(read: ReadTopic, ghosts: RecordAt[]): Promise<(Buffer | null)[]> {
  const at = new Map<string, number>();
  const ranges = new Map<number, [bigint, bigint]>();
  ghosts.forEach(({ partition, offset }, i) => {
    at.set(`${partition}:${offset}`, i);
    const range = ranges.get(partition);
    if (!range) ranges.set(partition, [offset, offset + 1n]);
    else range[1] = offset + 1n;
  });
  const images: (Buffer | null)[] = ghosts.map(() => null);
  await read((record) => {
    const i = at.get(`${record.partition}:${record.offset}`);
    if (i !== undefined && record.value) images[i] = Buffer.from(imageOf(record.value));
  }, ranges);
  return images;
}

/**
 * RECONCILE (DESIGN §6): after a snapshot, each key whose latest record in the topic is a live
 * image from an older generation was not in the table when the scan passed: it was deleted
 * while the stream could not carry the delete. It gets a `d` (before = that image) and its
 * tombstone. Two passes: the whole topic into the on-disk index (key → where its last old
 * image is), then only the ghosts' records, for their images. Safe to repeat after a crash:
 * the `d` records already written belong to this generation, so a second run finds nothing
 * left to delete for those keys.
 */
export async function runReconcile(rt: TaskRuntime, plan: ReconcilePlan): Promise<ReconcileResult> {
  const started = rt.now();
  rt.logger.info('reconcile started', { generation: rt.generation });
  const index = new KeyIndex(plan.indexPath);
  try {
    const records = await plan.readTopic((record) => {
      if (record.key === null) return;
      const old = leavesOldImage(record, plan.marks[record.partition]);
      index.put(record.key, old ? { partition: record.partition, offset: record.offset } : null);
    });
    if (rt.signal.aborted) return { done: false, keys: 0, deletes: 0 };
    const keys = index.count();
    let deletes = 0;
    const samples: string[] = [];
    const deleteAll = async (ghosts: (RecordAt & { key: Buffer })[]) => {
      if (ghosts.length === 0) return;
      const images = await imagesOf(plan.readTopic, ghosts);
      for (let i = 0; i < ghosts.length && !rt.signal.aborted; i += DELETES_PER_BATCH) {
        const batch = ghosts
          .slice(i, i + DELETES_PER_BATCH)
          .map((g, j) => reconcileDelete(g.key, images[i + j] ?? null, rt.now()));
        await rt.write({ changes: batch, offsets: [] });
        deletes += batch.length;
      }
    };
    let pass: (RecordAt & { key: Buffer })[] = [];
    for (const ghost of index.ghosts()) {
      if (samples.length < 10) samples.push(ghost.key.toString('utf8'));
      pass.push(ghost);
      if (pass.length >= GHOSTS_PER_PASS) {
        await deleteAll(pass);
        pass = [];
        if (rt.signal.aborted) return { done: false, keys, deletes };
      }
    }
    await deleteAll(pass);
    if (rt.signal.aborted) return { done: false, keys, deletes };
    rt.metrics.reconciled(rt.table, keys, deletes);
    rt.logger.info('reconcile done', {
      generation: rt.generation,
      records,
      keys,
      deletes,
      deletedKeys: samples,
      durationMs: rt.now() - started,
    });
    return { done: true, keys, deletes };
  } finally {
    index.close();
  }
}

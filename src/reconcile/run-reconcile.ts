import type { Change } from '../records/change.js';
import type { TaskRuntime } from '../task/runtime.js';
import { ghostImage, type TopicRecord } from './ghost-image.js';
import { KeyIndex } from './key-index.js';

export interface ReconcilePlan {
  /** The table topic's end offsets when this generation began (TableOffset.topic_marks). */
  marks: bigint[];
  /** The scratch index file (replaced if a crashed run left one). */
  indexPath: string;
  /** Reads the table topic from its start to its current end; retried, so it may call back again from the start. */
  readTopic: (onRecord: (record: TopicRecord & { key: Buffer | null }) => void) => Promise<number>;
}

export interface ReconcileResult {
  done: boolean;
  keys: number;
  deletes: number;
}

const DELETES_PER_BATCH = 500;

function reconcileDelete(key: Buffer, image: Buffer, nowMs: number): Change {
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
 * RECONCILE (DESIGN §6): after a snapshot, each key whose latest record in the topic is a live
 * image from an older generation was not in the table when the scan passed: it was deleted
 * while the stream could not carry the delete. It gets a `d` (before = that image) and its
 * tombstone. Safe to repeat after a crash: those `d` records belong to this generation, so a
 * second run finds nothing left to delete for the keys already done.
 */
export async function runReconcile(rt: TaskRuntime, plan: ReconcilePlan): Promise<ReconcileResult> {
  const started = rt.now();
  rt.logger.info('reconcile started', { generation: rt.generation });
  const index = new KeyIndex(plan.indexPath);
  try {
    const records = await plan.readTopic((record) => {
      if (record.key === null) return;
      index.put(record.key, ghostImage(record, plan.marks[record.partition]));
    });
    if (rt.signal.aborted) return { done: false, keys: 0, deletes: 0 };
    const keys = index.count();
    let batch: Change[] = [];
    let deletes = 0;
    const samples: string[] = [];
    for (const { key, image } of index.ghosts()) {
      if (samples.length < 10) samples.push(key.toString('utf8'));
      batch.push(reconcileDelete(key, image, rt.now()));
      if (batch.length >= DELETES_PER_BATCH) {
        await rt.deliver(batch);
        deletes += batch.length;
        batch = [];
        if (rt.signal.aborted) return { done: false, keys, deletes };
      }
    }
    await rt.deliver(batch);
    deletes += batch.length;
    rt.counters.add('reconcile_keys_checked_total', { table: rt.table }, keys);
    rt.counters.add('reconcile_deletes_total', { table: rt.table }, deletes);
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

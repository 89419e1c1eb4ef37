/** Record batch attributes (Kafka's DefaultRecordBatch). */
const IS_TRANSACTIONAL = 0x10;
const IS_CONTROL = 0x20;

interface Batch {
  firstOffset: bigint;
  lastOffsetDelta: number;
  attributes: number;
  producerId: bigint;
  records: { key: Buffer | null }[];
}

interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/** A control batch's record key: version (int16), then type (int16): 0 = ABORT, 1 = COMMIT. */
const isAbortMarker = (b: Batch) => {
  const key = b.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === 0;
};

/**
 * The batches of one read_committed fetch answer whose records a consumer may see: no control
 * batch, no batch of an aborted transaction. The broker only stops at the last stable offset
 * and lists the aborted transactions that overlap the answer; dropping their records is the
 * client's job, done here as Java's consumer does it (Fetcher: a producer's batches from an
 * aborted transaction's first offset on are skipped until that producer's abort marker).
 */
export function visibleBatches<B extends Batch>(
  batches: readonly B[],
  aborted: readonly AbortedTransaction[] | null,
): B[] {
  const pending = [...(aborted ?? [])].sort((a, b) =>
    a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0,
  );
  const aborting = new Set<bigint>();
  const out: B[] = [];
  for (const b of batches) {
    const last = b.firstOffset + BigInt(b.lastOffsetDelta);
    while (pending.length > 0 && (pending[0] as AbortedTransaction).firstOffset <= last)
      aborting.add((pending.shift() as AbortedTransaction).producerId);
    if (b.attributes & IS_CONTROL) {
      if (isAbortMarker(b)) aborting.delete(b.producerId);
      continue;
    }
    if (b.attributes & IS_TRANSACTIONAL && aborting.has(b.producerId)) continue;
    out.push(b);
  }
  return out;
}

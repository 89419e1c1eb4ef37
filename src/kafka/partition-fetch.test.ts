import { FetchIsolationLevels } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { fetchPartition, type PartitionFetch } from './partition-fetch.js';

const TX = 0x10;
const CONTROL = 0x20;
const PID = 14n;
const markerKey = (type: 0 | 1) => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  return key;
};
const batch = (offset: number, attributes: number, key: Buffer | null = null) => ({
  firstOffset: BigInt(offset),
  lastOffsetDelta: 0,
  attributes,
  producerId: PID,
  firstTimestamp: 0n,
  records: [{ key, value: Buffer.from(`v${offset}`), offsetDelta: 0, timestampDelta: 0n }],
});
const data = (offset: number) => batch(offset, TX);
const commit = (offset: number) => batch(offset, TX | CONTROL, markerKey(1));
const abort = (offset: number) => batch(offset, TX | CONTROL, markerKey(0));

// The offsets topic partition of the incident, offsets 1310 to 1330, all of one producer id:
// a worker committed 1310 and 1312, was killed inside a transaction (1314, aborted at 1315 when
// the next worker took over); that one committed five transactions (1316 to 1327) and was killed
// in a transaction that had nothing here (aborted at 1328); the third committed 1329.
const LOG = [
  data(1310),
  commit(1311),
  data(1312),
  commit(1313),
  data(1314),
  abort(1315),
  data(1316),
  commit(1317),
  data(1318),
  commit(1319),
  data(1320),
  commit(1321),
  data(1322),
  commit(1323),
  data(1324),
  commit(1325),
  data(1326),
  commit(1327),
  abort(1328),
  data(1329),
  commit(1330),
];
const COMMITTED = [1310, 1312, 1316, 1318, 1320, 1322, 1324, 1326, 1329];

/**
 * Answers as the real broker and client gave them: read_uncommitted, the whole log; read
 * committed, the aborted list the broker sent (one entry) and the batches left after the
 * client's own filter, which cut 1314 to 1327.
 */
function client(opts: { aborted: boolean }) {
  const calls: number[] = [];
  const fetch = async (o: { isolationLevel?: number }) => {
    calls.push(o.isolationLevel ?? -1);
    const committed = o.isolationLevel === FetchIsolationLevels.READ_COMMITTED;
    const records =
      committed && opts.aborted
        ? LOG.filter((b) => b.firstOffset < 1314n || b.firstOffset >= 1328n)
        : LOG;
    const partition = {
      partitionIndex: 0,
      lastStableOffset: 1331n,
      abortedTransactions:
        committed && opts.aborted ? [{ producerId: PID, firstOffset: 1314n }] : null,
      records,
    };
    return { responses: [{ topicId: 't', partitions: [partition] }] };
  };
  return { calls, consumer: { fetch } as unknown as Parameters<typeof fetchPartition>[0] };
}

const request = (isolationLevel: number): PartitionFetch => ({
  node: 1,
  topicId: 't',
  partition: 0,
  from: 1310n,
  maxWaitMs: 0,
  maxBytes: 1 << 20,
  isolationLevel,
});

async function read(isolationLevel: number) {
  const { calls, consumer } = client({ aborted: true });
  const seen: number[] = [];
  const answer = await fetchPartition(consumer, request(isolationLevel), (offset) =>
    seen.push(Number(offset)),
  );
  return { calls, seen, answer };
}

describe('fetchPartition', () => {
  it('read_committed: keeps what the client dropped between two aborts of one producer', async () => {
    const { calls, seen, answer } = await read(FetchIsolationLevels.READ_COMMITTED);
    expect(seen).toEqual(COMMITTED);
    expect(answer.next).toBe(1331n);
    // Read again read_uncommitted only because the answer listed an aborted transaction.
    expect(calls).toEqual([
      FetchIsolationLevels.READ_COMMITTED,
      FetchIsolationLevels.READ_UNCOMMITTED,
    ]);
  });

  it('read_committed without aborted transactions: one fetch, as answered', async () => {
    const { calls, consumer } = client({ aborted: false });
    const seen: number[] = [];
    await fetchPartition(consumer, request(FetchIsolationLevels.READ_COMMITTED), (o) =>
      seen.push(Number(o)),
    );
    expect(calls).toEqual([FetchIsolationLevels.READ_COMMITTED]);
    // With nothing listed as aborted, every data batch is visible (the markers never are).
    expect(seen).toEqual(
      LOG.filter((b) => !(b.attributes & CONTROL)).map((b) => Number(b.firstOffset)),
    );
  });

  it('read_uncommitted: every data record, markers left out', async () => {
    const { calls, seen } = await read(FetchIsolationLevels.READ_UNCOMMITTED);
    expect(seen).toEqual([...COMMITTED, 1314].sort((a, b) => a - b));
    expect(calls).toEqual([FetchIsolationLevels.READ_UNCOMMITTED]);
  });
});

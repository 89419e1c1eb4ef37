import { describe, expect, it } from 'vitest';
import type { OffsetEntry } from '../kafka/offset-store.js';
import type { RecordProducer } from '../kafka/record-producer.js';
import type { Change } from '../records/change.js';
import { AtLeastOnceSink } from './at-least-once-sink.js';

const change = (n: number): Change => ({
  op: 'c',
  phase: 'SYNC',
  key: Buffer.from(`{"id":${n}}`),
  before: null,
  after: Buffer.from(`{"id":${n}}`),
  changeTimeMs: 1000 + n,
  eventId: null,
  sequenceNumber: String(n),
  shardId: 's',
  ttlDelete: false,
});
const offset: OffsetEntry = {
  partition: { table: 't', generation: 1, shard_id: 's' },
  value: { sequence_number: '2', ended: false },
};

/** A sink over fakes that log every step, in order; `failRecords` makes the record send throw. */
function sinkWith(failRecords = false) {
  const steps: string[] = [];
  const sink = new AtLeastOnceSink({
    table: 't',
    producer: {} as RecordProducer,
    sender: {
      send: async (changes) => {
        steps.push(`records ${changes.length}`);
        if (failRecords) throw new Error('broker gone');
        return { byOp: { c: changes.length }, bytes: 10 };
      },
    },
    offsets: {
      write: async (_p, entries) => {
        steps.push(`offsets ${entries.length}`);
      },
      send: async () => {
        throw new Error('at least once writes offsets with write()');
      },
      committed: () => {
        throw new Error('at least once writes offsets with write()');
      },
    },
    retry: { kafka: (fn) => fn() },
    metrics: {
      written: (_t, w) => steps.push(`counted ${w.byOp.c}`),
      offsetCommit: () => steps.push('commit counted'),
    },
    progress: { handed: (ms) => steps.push(`handed ${ms}`) },
    signal: new AbortController().signal,
  });
  return { sink, steps };
}

describe('AtLeastOnceSink: offsets only after their records are acknowledged', () => {
  it.each([
    {
      name: 'records, then the offset covering them',
      changes: [change(1), change(2)],
      offsets: [offset],
      steps: ['records 2', 'counted 2', 'handed 1002', 'offsets 1', 'commit counted'],
    },
    {
      name: 'offsets alone (a phase transition)',
      changes: [],
      offsets: [offset],
      steps: ['offsets 1', 'commit counted'],
    },
    {
      name: 'records alone (reconcile deletes)',
      changes: [change(3)],
      offsets: [],
      steps: ['records 1', 'counted 1', 'handed 1003'],
    },
    { name: 'nothing: no request at all', changes: [], offsets: [], steps: [] },
  ])('$name', async ({ changes, offsets, steps }) => {
    const s = sinkWith();
    await s.sink.write({ changes, offsets });
    expect(s.steps).toEqual(steps);
  });

  it('a failed record send writes no offset', async () => {
    const s = sinkWith(true);
    await expect(s.sink.write({ changes: [change(1)], offsets: [offset] })).rejects.toThrow(
      'broker gone',
    );
    expect(s.steps).toEqual(['records 1']);
  });
});

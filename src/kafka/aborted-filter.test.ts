import { describe, expect, it } from 'vitest';
import { visibleBatches } from './aborted-filter.js';

const TX = 0x10;
const CONTROL = 0x20;
const marker = (type: 0 | 1) => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  return key;
};
/** A batch at `offset` (one record) of producer `pid`. */
const batch = (offset: number, pid: number, attributes = TX, key: Buffer | null = null) => ({
  firstOffset: BigInt(offset),
  lastOffsetDelta: 0,
  attributes,
  producerId: BigInt(pid),
  records: [{ key }],
});
const commit = (offset: number, pid: number) => batch(offset, pid, TX | CONTROL, marker(1));
const abort = (offset: number, pid: number) => batch(offset, pid, TX | CONTROL, marker(0));
const offsets = (bs: { firstOffset: bigint }[]) => bs.map((b) => Number(b.firstOffset));

describe('visibleBatches', () => {
  it.each([
    {
      name: 'plain batches pass',
      batches: [batch(0, 1, 0), batch(1, 1, 0)],
      aborted: null,
      visible: [0, 1],
    },
    {
      name: 'a committed transaction: its records, not its marker',
      batches: [batch(0, 7), batch(1, 7), commit(2, 7)],
      aborted: [],
      visible: [0, 1],
    },
    {
      name: 'an aborted transaction: nothing',
      batches: [batch(0, 7), batch(1, 7), abort(2, 7)],
      aborted: [{ producerId: 7n, firstOffset: 0n }],
      visible: [],
    },
    {
      name: 'aborted then committed by the same producer: only the committed one',
      batches: [batch(0, 7), abort(1, 7), batch(2, 7), commit(3, 7)],
      aborted: [{ producerId: 7n, firstOffset: 0n }],
      visible: [2],
    },
    {
      name: 'another producer interleaved with an aborted one keeps its records',
      batches: [batch(0, 7), batch(1, 8), abort(2, 7), commit(3, 8)],
      aborted: [{ producerId: 7n, firstOffset: 0n }],
      visible: [1],
    },
    {
      name: 'an aborted transaction begun before this answer (fetched from its middle)',
      batches: [batch(5, 7), abort(6, 7), batch(7, 7), commit(8, 7)],
      aborted: [{ producerId: 7n, firstOffset: 2n }],
      visible: [7],
    },
    {
      name: 'a non-transactional batch of the same producer id is never dropped',
      batches: [batch(0, 7), batch(1, 7, 0), abort(2, 7)],
      aborted: [{ producerId: 7n, firstOffset: 0n }],
      visible: [1],
    },
  ])('$name', ({ batches, aborted, visible }) => {
    expect(offsets(visibleBatches(batches, aborted))).toEqual(visible);
  });
});

import { describe, expect, it } from 'vitest';
import type { Change } from '../records/change.js';
import { toMessages } from '../records/to-messages.js';
import { imageOf, leavesOldImage } from './topic-record.js';

const change = (op: Change['op'], after: string | null, before: string | null = null): Change => ({
  op,
  phase: 'SYNC',
  key: Buffer.from('{"pk":"a"}'),
  before: before === null ? null : Buffer.from(before),
  after: after === null ? null : Buffer.from(after),
  changeTimeMs: 1,
  eventId: 'e',
  sequenceNumber: '1',
  shardId: 's',
  ttlDelete: false,
});
const ctx = {
  connector: 'c',
  table: 't',
  region: 'r',
  tombstones: true,
  initSyncStart: 1,
  stripReplication: false,
};
/** The records the connector itself writes, as a reader sees them. */
function records(format: 'envelope' | 'new_image', c: Change) {
  return toMessages([c], { ...ctx, format }, 2).map((m) => ({
    partition: 0,
    offset: 5n,
    value: m.value,
    headers: Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]) as [
      Buffer,
      Buffer,
    ][],
  }));
}

// Images whose own text holds the envelope's member names: only the top-level `after` counts.
const tricky = '{"after":{"before":1},"n":1.000000000000000000001,"s":",\\"after\\":"}';

describe('leavesOldImage and imageOf', () => {
  it.each([
    {
      name: 'envelope r below the mark: its after, byte for byte',
      format: 'envelope',
      c: change('r', tricky),
      mark: 6n,
      image: tricky,
    },
    {
      name: 'envelope u: its after',
      format: 'envelope',
      c: change('u', '{"v":2}', '{"v":1}'),
      mark: 6n,
      image: '{"v":2}',
    },
    {
      name: 'new_image value: the value itself',
      format: 'new_image',
      c: change('c', tricky),
      mark: 6n,
      image: tricky,
    },
    {
      name: 'written by this generation (at the mark): not a ghost',
      format: 'envelope',
      c: change('r', '{"v":1}'),
      mark: 5n,
      image: null,
    },
    {
      name: 'partition without a mark: new, not a ghost',
      format: 'envelope',
      c: change('r', '{"v":1}'),
      mark: undefined,
      image: null,
    },
  ] as const)('$name', ({ format, c, mark, image }) => {
    const [record] = records(format, c);
    const r = record as NonNullable<typeof record>;
    const got = leavesOldImage(r, mark) ? imageOf(r.value as Buffer).toString() : null;
    expect(got).toBe(image);
  });

  it('a delete and its tombstone leave no live image', () => {
    for (const format of ['envelope', 'new_image'] as const) {
      for (const record of records(format, change('d', null, '{"v":1}')))
        expect(leavesOldImage(record, 6n)).toBe(false);
    }
  });

  it('a record from another producer, without headers: live, its value is the image', () => {
    const record = { partition: 0, offset: 0n, value: Buffer.from('{"x":1}'), headers: [] };
    expect(leavesOldImage(record, 1n)).toBe(true);
    expect(imageOf(record.value).toString()).toBe('{"x":1}');
  });
});

import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { parse, stringify } from './exact-json.js';
import { type RecordContext, toMessages } from './to-messages.js';

const ctx: RecordContext = {
  connector: 'c1',
  table: 't1',
  region: 'eu-west-1',
  format: 'envelope',
  tombstones: true,
  initSyncStart: 1000,
  stripReplication: true,
};

const base: Change = {
  op: 'u',
  phase: 'SYNC',
  key: Buffer.from('{"pk":"a"}'),
  before: Buffer.from('{"pk":"a","n":1}'),
  after: Buffer.from('{"pk":"a","n":2}'),
  changeTimeMs: 5000,
  eventId: 'e1',
  sequenceNumber: '100',
  shardId: 's1',
  ttlDelete: false,
};

describe('toMessages', () => {
  it('writes the full envelope, every field present', () => {
    const [m, ...rest] = toMessages([base], ctx, 9000);
    expect(rest).toEqual([]);
    expect(m?.key.toString()).toBe('{"pk":"a"}');
    expect(m?.headers).toEqual({ 'dynamodb.table': 't1', 'dynamodb.op': 'u' });
    expect(m?.value?.toString()).toBe(
      '{"op":"u","ts_ms":9000,"source":{"connector":"c1","table":"t1","region":"eu-west-1","phase":"SYNC","ts_ms":5000,' +
        '"event_id":"e1","sequence_number":"100","shard_id":"s1","init_sync_start":1000,"ttl_delete":false},' +
        '"key":{"pk":"a"},"before":{"pk":"a","n":1},"after":{"pk":"a","n":2}}',
    );
  });

  it.each<{
    name: string;
    change: Partial<Change>;
    context?: Partial<RecordContext>;
    values: (string | null)[];
  }>([
    { name: 'delete then tombstone', change: { op: 'd', after: null }, values: ['d', null] },
    {
      name: 'delete without tombstones',
      change: { op: 'd', after: null },
      context: { tombstones: false },
      values: ['d'],
    },
    {
      name: 'new_image update',
      change: {},
      context: { format: 'new_image' },
      values: ['{"pk":"a","n":2}'],
    },
    {
      name: 'new_image delete = tombstone only',
      change: { op: 'd', after: null },
      context: { format: 'new_image', tombstones: false },
      values: [null],
    },
    {
      name: 'snapshot read',
      change: { op: 'r', before: null, phase: 'INIT_SYNC', sequenceNumber: null },
      values: ['r'],
    },
  ])('$name', ({ change, context, values }) => {
    const out = toMessages([{ ...base, ...change }], { ...ctx, ...context }, 1);
    const got = out.map((m) => {
      if (m.value === null) return null;
      const v = parse(m.value.toString()) as Record<string, unknown>;
      return 'op' in v ? (v.op as string) : m.value.toString();
    });
    expect(got).toEqual(values);
    for (const m of out) expect(m.key.toString()).toBe('{"pk":"a"}');
  });

  it('strips replication attributes from both images when asked, else keeps them', () => {
    const global: Change = {
      ...base,
      before: Buffer.from('{"pk":"a","aws:rep:updateregion":"us-east-1","n":1}'),
      after: Buffer.from('{"pk":"a","aws:rep:updateregion":"eu-west-1","n":2}'),
    };
    const images = (stripReplication: boolean) => {
      const [m] = toMessages([global], { ...ctx, stripReplication }, 1);
      const v = parse(m?.value?.toString() as string) as { before: unknown; after: unknown };
      return [stringify(v.before as never), stringify(v.after as never)];
    };
    expect(images(true)).toEqual(['{"pk":"a","n":1}', '{"pk":"a","n":2}']);
    expect(images(false)).toEqual([
      '{"pk":"a","aws:rep:updateregion":"us-east-1","n":1}',
      '{"pk":"a","aws:rep:updateregion":"eu-west-1","n":2}',
    ]);
  });

  it('marks TTL deletes and keeps null before/after', () => {
    const [m] = toMessages([{ ...base, op: 'd', after: null, ttlDelete: true }], ctx, 1);
    const v = parse(String(m?.value)) as Record<string, Record<string, unknown>>;
    expect(stringify(v.source?.ttl_delete as boolean)).toBe('true');
    expect(v.after).toBeNull();
  });

  it('writes every change of a batch, in order, each value its own bytes', () => {
    const changes = ['a', 'b', 'c'].map((pk, i) => ({
      ...base,
      key: Buffer.from(`{"pk":"${pk}"}`),
      after: Buffer.from(`{"pk":"${pk}","n":${i}}`),
      sequenceNumber: String(i),
    }));
    const out = toMessages(changes, ctx, 1);
    expect(out.map((m) => JSON.parse(String(m.value)).after.n)).toEqual([0, 1, 2]);
    expect(out.map((m) => JSON.parse(String(m.value)).source.sequence_number)).toEqual([
      '0',
      '1',
      '2',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { type PlanContext, planWrite, type TopicRecord } from './write-plan.js';

const ctx: PlanContext = {
  table: 'orders',
  format: 'envelope',
  keySchema: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'N' },
  ],
  versionAttribute: '_v',
};
const KEY = '{"pk":"a","sk":5}';
const rec = (value: string | null, key: string | null = KEY): TopicRecord => ({
  partition: 1,
  offset: 42n,
  key,
  value,
});
const envelope = (op: string, after: unknown) =>
  JSON.stringify({ op, key: { pk: 'a', sk: 5 }, after });
const wireKey = { pk: { S: 'a' }, sk: { N: '5' } };

describe('planWrite', () => {
  it.each([
    { name: 'r puts the after image', op: 'r' },
    { name: 'c puts the after image', op: 'c' },
    { name: 'u puts the after image', op: 'u' },
  ])('$name', ({ op }) => {
    expect(planWrite(rec(envelope(op, { pk: 'a', sk: 5, n: 1.5, s: 'x' })), ctx)).toEqual({
      kind: 'put',
      key: KEY,
      wireKey,
      item: { pk: { S: 'a' }, sk: { N: '5' }, n: { N: '1.5' }, s: { S: 'x' } },
      offset: 42n,
      op,
    });
  });

  it.each([
    { name: 'd deletes', value: envelope('d', null), op: 'd' },
    { name: 'a tombstone deletes, the key from the record key', value: null, op: 'tombstone' },
  ])('$name', ({ value, op }) => {
    expect(planWrite(rec(value), ctx)).toEqual({
      kind: 'delete',
      key: KEY,
      wireKey,
      offset: 42n,
      op,
    });
  });

  it('keeps every digit of a 38-digit number, and maps every JSON type', () => {
    const digits = '12345678901234567890123456789012345678';
    const value = `{"op":"u","after":{"pk":"a","sk":5,"big":${digits},"neg":-1.25E-130,"b":true,"z":null,"m":{"l":[1,"two",[]]}}}`;
    const plan = planWrite(rec(value), ctx);
    expect(plan.kind === 'put' && plan.item).toEqual({
      pk: { S: 'a' },
      sk: { N: '5' },
      big: { N: digits },
      neg: { N: '-1.25E-130' },
      b: { BOOL: true },
      z: { NULL: true },
      m: { M: { l: { L: [{ N: '1' }, { S: 'two' }, { L: [] }] } } },
    });
  });

  it('format new_image: the value is the image', () => {
    const plan = planWrite(rec('{"pk":"a","sk":5,"x":"y"}'), { ...ctx, format: 'new_image' });
    expect(plan).toMatchObject({ kind: 'put', op: 'image', item: { x: { S: 'y' } } });
  });

  it('a B key comes back as B from its base64 text', () => {
    const b = { ...ctx, keySchema: [{ name: 'id', type: 'B' as const }] };
    const plan = planWrite(rec('{"op":"c","after":{"id":"AAE="}}', '{"id":"AAE="}'), b);
    expect(plan).toMatchObject({ wireKey: { id: { B: 'AAE=' } }, item: { id: { B: 'AAE=' } } });
  });

  it('keeps an attribute named __proto__ as an attribute', () => {
    const plan = planWrite(rec('{"op":"c","after":{"pk":"a","sk":5,"__proto__":"p"}}'), ctx);
    expect(plan.kind === 'put' && Object.keys(plan.item)).toContain('__proto__');
  });

  it.each([
    { name: 'no key', record: rec(envelope('c', {}), null), reason: /has no key/ },
    { name: 'key not JSON', record: rec(null, '{pk'), reason: /the key is not JSON/ },
    { name: 'key not an object', record: rec(null, '[1]'), reason: /not a JSON object/ },
    {
      name: 'key lacks sk',
      record: rec(null, '{"pk":"a"}'),
      reason: /the key: key attribute "sk" is missing/,
    },
    {
      name: 'key type wrong',
      record: rec(null, '{"pk":"a","sk":"5"}'),
      reason: /the key: key attribute "sk" must be a number/,
    },
    { name: 'value not JSON', record: rec('nope'), reason: /the value is not JSON/ },
    { name: 'value not an envelope', record: rec('[1]'), reason: /not an envelope/ },
    { name: 'unknown op', record: rec(envelope('x', {})), reason: /op is "x"/ },
    { name: 'no op', record: rec('{"after":{}}'), reason: /op is null/ },
    {
      name: 'put without image',
      record: rec(envelope('u', null)),
      reason: /without an after image/,
    },
    {
      name: 'image lacks a key attribute',
      record: rec(envelope('c', { pk: 'a' })),
      reason: /the image: key attribute "sk" is missing/,
    },
    {
      name: 'image of another key',
      record: rec(envelope('c', { pk: 'b', sk: 5 })),
      reason: /differ from the record key/,
    },
    {
      name: 'reserved attribute',
      record: rec(envelope('c', { pk: 'a', sk: 5, _v: 1 })),
      reason: /replicate.versionAttribute reserves/,
    },
  ])('fails loudly, naming table, place and key: $name', ({ record, reason }) => {
    expect(() => planWrite(record, ctx)).toThrow(reason);
    expect(() => planWrite(record, ctx)).toThrow(
      /cannot replicate orders partition 1 offset 42 key /,
    );
  });
});

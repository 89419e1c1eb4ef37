import { describe, expect, it } from 'vitest';
import { type Palette, palette } from './console.js';
import { changedFields, recordFormatter, type Seen, tidy } from './record-format.js';

const plain = palette(false);
/** Shows which part got which color: `<red>…</red>`. */
const marked = Object.fromEntries(
  Object.keys(plain).map((name) => [name, (s: string) => `<${name}>${s}</${name}>`]),
) as unknown as Palette;

const key = (id: string) => JSON.stringify({ order_id: id });
const envelope = (op: string, before?: object, after?: object) =>
  JSON.stringify({ op, before, after });
const ada = {
  order_id: 'order-1',
  total: 12.5,
  customer: 'Ada',
  address: { zip: 'NW1', city: 'L' },
};

/** Formats the records in order with one formatter; returns what the last one gave. */
function formatLast(records: Array<[string | null, string | null]>, colors = plain) {
  const format = recordFormatter(colors);
  return records.map(([k, v]) => format(k, v)).at(-1);
}

describe('recordFormatter', () => {
  it.each<{
    name: string;
    records: Array<[string | null, string | null]>;
    line: string;
    seen?: Seen;
  }>([
    {
      name: 'snapshot: the item, key attributes first, other keys sorted at every level',
      records: [[key('order-1'), envelope('r', undefined, ada)]],
      line: 'r  snapshot   order-1  {"order_id":"order-1","address":{"city":"L","zip":"NW1"},"customer":"Ada","total":12.5}',
      seen: { op: 'r', id: 'order-1' },
    },
    {
      name: 'insert of a new item: the item',
      records: [[key('order-6'), envelope('c', undefined, { order_id: 'order-6', total: 3 })]],
      line: 'c  insert     order-6  {"order_id":"order-6","total":3}',
      seen: { op: 'c', id: 'order-6' },
    },
    {
      name: 'update: the changed fields',
      records: [[key('order-1'), envelope('u', ada, { ...ada, total: 20, note: 'x' })]],
      line: 'u  update     order-1  total 12.5 → 20, note (absent) → "x"',
      seen: { op: 'u', id: 'order-1' },
    },
    {
      name: 'update that changed nothing',
      records: [[key('order-1'), envelope('u', ada, ada)]],
      line: 'u  update     order-1  (no attribute changed)',
      seen: { op: 'u', id: 'order-1' },
    },
    {
      name: 'delete: the item it removed',
      records: [[key('order-3'), envelope('d', { total: 7.25, order_id: 'order-3' })]],
      line: 'd  delete     order-3  was {"order_id":"order-3","total":7.25}',
      seen: { op: 'd', id: 'order-3' },
    },
    {
      name: 'tombstone (no value)',
      records: [[key('order-3'), null]],
      line: '∅  tombstone  order-3',
      seen: { op: 'tombstone', id: 'order-3' },
    },
    {
      name: 'composite key: the key values joined with /',
      records: [[JSON.stringify({ pk: 'a', sk: 2 }), null]],
      line: '∅  tombstone  a/2',
      seen: { op: 'tombstone', id: 'a/2' },
    },
    {
      name: 'key that is not a JSON object: shown as it is',
      records: [['plain-key', null]],
      line: '∅  tombstone  plain-key',
      seen: { op: 'tombstone', id: 'plain-key' },
    },
    {
      name: 'no key',
      records: [[null, null]],
      line: '∅  tombstone  (no key)',
      seen: { op: 'tombstone', id: '(no key)' },
    },
    {
      name: 'value that is not a JSON object: shown raw, not counted',
      records: [[key('order-1'), 'oops']],
      line: '?  unknown    order-1  oops',
    },
    {
      name: 'unknown op: shown raw, not counted',
      records: [[key('order-1'), '{"op":"x"}']],
      line: '?  x          order-1  {"op":"x"}',
    },
    {
      name: 'op "tombstone" in a value: not a real tombstone',
      records: [[key('order-1'), '{"op":"tombstone"}']],
      line: '?  tombstone  order-1  {"op":"tombstone"}',
    },
  ])('$name', ({ records, line, seen }) => {
    expect(formatLast(records)).toEqual({ line, seen });
  });

  it.each<{ name: string; record: [string | null, string | null]; line: string }>([
    {
      name: 'snapshot in cyan, id in bold',
      record: [key('order-1'), envelope('r', undefined, { order_id: 'order-1' })],
      line: '<cyan>r  snapshot </cyan>  <bold>order-1</bold>  {"order_id":"order-1"}',
    },
    {
      name: 'delete in red, the removed item dimmed',
      record: [key('order-1'), envelope('d', { order_id: 'order-1' })],
      line: '<red>d  delete   </red>  <bold>order-1</bold>  <dim>was {"order_id":"order-1"}</dim>',
    },
    {
      name: 'tombstone dimmed',
      record: [key('order-1'), null],
      line: '<dim>∅  tombstone</dim>  <bold>order-1</bold>',
    },
    {
      name: 'update with no change: the note dimmed',
      record: [key('order-1'), envelope('u', { a: 1 }, { a: 1 })],
      line: '<yellow>u  update   </yellow>  <bold>order-1</bold>  <dim>(no attribute changed)</dim>',
    },
  ])('colors: $name', ({ record, line }) => {
    expect(formatLast([record], marked)?.line).toBe(line);
  });
});

describe('changedFields', () => {
  it.each<{ name: string; before: unknown; after: unknown; expected: string | undefined }>([
    { name: 'a changed number', before: { n: 1 }, after: { n: 2 }, expected: 'n 1 → 2' },
    { name: 'a changed string', before: { s: 'a' }, after: { s: 'b' }, expected: 's "a" → "b"' },
    { name: 'an added field', before: {}, after: { t: 'x' }, expected: 't (absent) → "x"' },
    { name: 'a removed field', before: { t: 'x' }, after: {}, expected: 't "x" → (absent)' },
    {
      name: 'a nested change, shown whole',
      before: { m: { a: 1, b: 2 } },
      after: { m: { a: 1, b: 3 } },
      expected: 'm {"a":1,"b":2} → {"a":1,"b":3}',
    },
    {
      name: 'several, in before’s order then the new ones',
      before: { a: 1, b: 2, c: 3 },
      after: { d: 4, c: 30, a: 1, b: 20 },
      expected: 'b 2 → 20, c 3 → 30, d (absent) → 4',
    },
    { name: 'nothing changed', before: { a: [1] }, after: { a: [1] }, expected: undefined },
    { name: 'no before image', before: undefined, after: { a: 1 }, expected: 'a (absent) → 1' },
    { name: 'a before that is not an object', before: 'x', after: {}, expected: undefined },
  ])('$name', ({ before, after, expected }) => {
    expect(changedFields(before, after)).toBe(expected);
  });
});

describe('tidy', () => {
  it.each<{ name: string; value: unknown; first?: string[]; expected: string }>([
    { name: 'sorts keys', value: { b: 1, a: 2 }, expected: '{"a":2,"b":1}' },
    {
      name: 'puts the given keys first, in their order, at the top only',
      value: { z: { sk: 1, a: 2 }, a: 1, sk: 's', pk: 'p' },
      first: ['pk', 'sk'],
      expected: '{"pk":"p","sk":"s","a":1,"z":{"a":2,"sk":1}}',
    },
    { name: 'sorts inside arrays', value: [{ b: 1, a: 2 }], expected: '[{"a":2,"b":1}]' },
    { name: 'leaves other values', value: 'x', expected: '"x"' },
  ])('$name', ({ value, first, expected }) => {
    expect(tidy(value, first)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { compareStates, rebuildState, statesEqual } from './rebuild-state.js';

// A value 'del' stands for a record that deletes (like an envelope with op d).
const imageOf = (value: string) => (value === 'del' ? null : value);
const rec = (key: string, value: string | null) => ({ key, value });

describe('rebuildState', () => {
  it.each([
    { name: 'empty topic', records: [], state: {} },
    { name: 'last value wins', records: [rec('a', '1'), rec('a', '2')], state: { a: '2' } },
    { name: 'tombstone deletes', records: [rec('a', '1'), rec('a', null)], state: {} },
    { name: 'delete record deletes', records: [rec('a', '1'), rec('a', 'del')], state: {} },
    {
      name: 'recreated after delete',
      records: [rec('a', '1'), rec('a', null), rec('a', '3')],
      state: { a: '3' },
    },
    { name: 'tombstone of unknown key', records: [rec('b', null)], state: {} },
    {
      name: 'keys independent',
      records: [rec('a', '1'), rec('b', '1'), rec('a', null)],
      state: { b: '1' },
    },
  ])('$name', ({ records, state }) => {
    expect(Object.fromEntries(rebuildState(records, imageOf))).toEqual(state);
  });

  it('refuses a record without a key', () => {
    expect(() => rebuildState([{ key: null, value: '1' }], imageOf)).toThrow(/without a key/);
  });
});

describe('compareStates', () => {
  const m = (o: Record<string, string | undefined>) =>
    new Map(Object.entries(o as Record<string, string>));
  it.each([
    {
      name: 'equal',
      table: { a: '1', b: '2' },
      topic: { b: '2', a: '1' },
      diff: { matching: 2, missing: [], extra: [], differing: [] },
    },
    {
      name: 'both empty',
      table: {},
      topic: {},
      diff: { matching: 0, missing: [], extra: [], differing: [] },
    },
    {
      name: 'missing',
      table: { a: '1', b: '2' },
      topic: { a: '1' },
      diff: { matching: 1, missing: ['b'], extra: [], differing: [] },
    },
    {
      name: 'extra',
      table: {},
      topic: { z: '1', y: '1' },
      diff: { matching: 0, missing: [], extra: ['y', 'z'], differing: [] },
    },
    {
      name: 'differing',
      table: { a: '1' },
      topic: { a: '2' },
      diff: { matching: 0, missing: [], extra: [], differing: ['a'] },
    },
  ])('$name', ({ table, topic, diff }) => {
    const result = compareStates(m(table), m(topic));
    expect(result).toEqual(diff);
    expect(statesEqual(result)).toBe(
      diff.missing.length + diff.extra.length + diff.differing.length === 0,
    );
  });
});

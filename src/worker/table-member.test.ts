import { describe, expect, it } from 'vitest';
import { decodeTableMember, encodeTableMember, needsRejoin } from './table-member.js';

describe('table member metadata', () => {
  it('round-trips', () => {
    const info = { workerId: 'h:1', startedAt: 5, rest: 'h:2', tables: ['a', 'b'], running: ['a'] };
    expect(decodeTableMember(encodeTableMember(info))).toEqual(info);
  });

  it.each([
    { name: 'empty', data: Buffer.alloc(0) },
    { name: 'not JSON', data: Buffer.from('{x') },
    {
      name: 'a standalone member',
      data: Buffer.from('{"workerId":"w","startedAt":1,"owns":true}'),
    },
    {
      name: 'tables not names',
      data: Buffer.from('{"workerId":"w","startedAt":1,"tables":[1],"running":[]}'),
    },
  ])('reads $name as not ours', ({ data }) => {
    expect(decodeTableMember(data)).toBeNull();
  });
});

describe('needsRejoin', () => {
  it.each([
    { name: 'nothing changed', sent: [['a', 'b'], ['a']], now: [['b', 'a'], ['a']], want: false },
    {
      name: 'started a table it was given',
      sent: [['a', 'b'], ['a']],
      now: [
        ['a', 'b'],
        ['a', 'b'],
      ],
      want: false,
    },
    {
      name: 'stopped a table (hand-over)',
      sent: [
        ['a', 'b'],
        ['a', 'b'],
      ],
      now: [['a', 'b'], ['a']],
      want: true,
    },
    { name: 'found a new table', sent: [['a'], []], now: [['a', 'c'], []], want: true },
    { name: 'a table is gone', sent: [['a', 'c'], []], now: [['a'], []], want: true },
    { name: 'same count, other table', sent: [['a', 'b'], []], now: [['a', 'c'], []], want: true },
  ])('$name: $want', ({ sent, now, want }) => {
    const claim = ([tables, running]: string[][]) => ({
      tables: tables ?? [],
      running: running ?? [],
    });
    expect(needsRejoin(claim(sent), claim(now))).toBe(want);
  });
});

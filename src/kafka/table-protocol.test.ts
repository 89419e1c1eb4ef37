import {
  decodeConsumerProtocolAssignment,
  encodeConsumerProtocolAssignment,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { encodeTableMember } from '../worker/table-member.js';
import { distributedProtocol, tableEntries, tablesOf } from './table-protocol.js';

const self = { workerId: 'h:1', startedAt: 1, rest: null };
const meta = (tables: string[], running: string[] = []) =>
  encodeTableMember({ ...self, tables, running });

describe('distributedProtocol', () => {
  it('shares the tables out and every member can read its own', () => {
    const p = distributedProtocol(self, () => ({ tables: [], running: [] }));
    const out = p.assign(
      new Map([
        ['m1', meta(['a', 'b', 'c'])],
        ['m2', meta(['a', 'b', 'c'])],
        ['m3', Buffer.from('not ours')],
      ]),
    );
    const read = (id: string) => {
      const wire = encodeConsumerProtocolAssignment({
        version: 0,
        assignedPartitions: out.get(id) ?? [],
      });
      const entries = decodeConsumerProtocolAssignment(wire).assignedPartitions;
      return p.read(entries, { memberId: id, isLeader: false });
    };
    expect([read('m1'), read('m2'), read('m3')]).toEqual([['a', 'b'], ['c'], []]);
  });

  it.each([
    { name: 'the leader alone runs every table it found', isLeader: true, want: ['x', 'y'] },
    { name: 'a follower with no entries runs nothing', isLeader: false, want: [] },
  ])('$name', ({ isLeader, want }) => {
    const p = distributedProtocol(self, () => ({ tables: ['y', 'x'], running: [] }));
    expect(p.read([], { memberId: 'm', isLeader })).toEqual(want);
  });

  it('a member given nothing still reads an assignment, not "alone"', () => {
    const p = distributedProtocol(self, () => ({ tables: ['x'], running: [] }));
    expect(p.read(tableEntries([]), { memberId: 'm', isLeader: true })).toEqual([]);
  });

  it('ignores entries that are not tables', () => {
    expect(tablesOf([{ topic: 'orders', partitions: [0] }, ...tableEntries(['a'])])).toEqual(['a']);
  });

  it('is stale once it stopped a table it said it ran', () => {
    let running = ['a'];
    const p = distributedProtocol(self, () => ({ tables: ['a'], running }));
    const sent = p.metadata(true);
    expect(p.stale(sent)).toBe(false);
    running = [];
    expect(p.stale(sent)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { shareTables } from './table-hand-over.js';
import type { TableMemberInfo } from './table-member.js';

const t = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
const m = (memberId: string, tables: string[], running: string[] = []) => ({
  memberId,
  info: { workerId: `w-${memberId}`, startedAt: 1, rest: null, tables, running } as TableMemberInfo,
});

describe('shareTables', () => {
  it.each([
    {
      name: 'fresh members: assigned at once',
      members: [m('a', t(4)), m('b', t(4))],
      want: { a: ['t0', 't1'], b: ['t2', 't3'] },
    },
    {
      name: 'a member joins: what must move goes to nobody first',
      members: [m('a', t(4), t(4)), m('b', t(4))],
      want: { a: ['t0', 't1'], b: [] },
    },
    {
      name: 'second phase: the old member stopped them, the new one gets them',
      members: [m('a', t(4), ['t0', 't1']), m('b', t(4))],
      want: { a: ['t0', 't1'], b: ['t2', 't3'] },
    },
    {
      name: 'a member left (not in the group): its tables are given at once',
      members: [m('a', t(4), ['t0', 't1'])],
      want: { a: t(4) },
    },
    {
      name: 'two members claim a table: neither gets it until the other stopped',
      members: [m('a', t(3), ['t0']), m('b', t(3), ['t0', 't1'])],
      want: { a: ['t2'], b: ['t1'] },
    },
    {
      name: 'a member still stopping a table that is gone keeps nothing of it',
      members: [m('a', ['t0'], ['t0', 'old']), m('b', ['t0'])],
      want: { a: ['t0'], b: [] },
    },
    {
      name: 'unreadable metadata: that member gets nothing and counts for no share',
      members: [m('a', t(2)), { memberId: 'x', info: null }],
      want: { a: ['t0', 't1'], x: [] },
    },
  ])('$name', ({ members, want }) => {
    expect(Object.fromEntries(shareTables(members))).toEqual(want);
  });

  it('never gives a table to one member while another runs it', () => {
    const members = [m('a', t(12), t(12)), m('b', t(12)), m('c', t(12))];
    const out = shareTables(members);
    for (const [id, tables] of out)
      for (const table of tables)
        for (const other of members)
          if (other.memberId !== id) expect(other.info.running).not.toContain(table);
  });
});

import { describe, expect, it } from 'vitest';
import { assignTables, type MemberClaim } from './table-assignment.js';

const t = (n: number) => Array.from({ length: n }, (_, i) => `t${String(i).padStart(2, '0')}`);
const m = (memberId: string, tables: string[], running: string[] = []): MemberClaim => ({
  memberId,
  tables,
  running,
});
const counts = (a: Map<string, string[]>) => [...a.values()].map((l) => l.length).sort();
const moved = (before: Map<string, string[]>, after: Map<string, string[]>) =>
  [...after].flatMap(([id, list]) => list.filter((x) => !(before.get(id) ?? []).includes(x)));

describe('assignTables', () => {
  it.each([
    { name: 'no member', members: [], want: {} },
    { name: 'one member takes all', members: [m('a', t(3))], want: { a: t(3) } },
    {
      name: 'two fresh members split in order',
      members: [m('b', t(4)), m('a', t(4))],
      want: { a: ['t00', 't01'], b: ['t02', 't03'] },
    },
    {
      name: 'the union of what members discovered',
      members: [m('a', ['x']), m('b', ['y'])],
      want: { a: ['x'], b: ['y'] },
    },
    {
      name: 'sticky: each keeps what it runs',
      members: [m('a', t(4), ['t02', 't03']), m('b', t(4), ['t00', 't01'])],
      want: { a: ['t02', 't03'], b: ['t00', 't01'] },
    },
    {
      name: 'a table no longer discovered is dropped',
      members: [m('a', ['t00'], ['t00', 'gone'])],
      want: { a: ['t00'] },
    },
    {
      name: 'a table two members claim stays with one',
      members: [m('a', t(2), ['t00']), m('b', t(2), ['t00'])],
      want: { a: ['t00'], b: ['t01'] },
    },
    {
      name: 'the member keeping the most gets the extra table',
      members: [m('a', t(3), ['t02']), m('b', t(3), ['t00', 't01'])],
      want: { a: ['t02'], b: ['t00', 't01'] },
    },
  ])('$name', ({ members, want }) => {
    expect(Object.fromEntries(assignTables(members))).toEqual(want);
  });

  it('12 tables over 3 workers: 4 each; a joiner takes a fair share, moving only that', () => {
    const three = assignTables([m('a', t(12)), m('b', t(12)), m('c', t(12))]);
    expect(counts(three)).toEqual([4, 4, 4]);
    const running = (id: string) => three.get(id) ?? [];
    const four = assignTables([
      m('a', t(12), running('a')),
      m('b', t(12), running('b')),
      m('c', t(12), running('c')),
      m('d', t(12)),
    ]);
    expect(counts(four)).toEqual([3, 3, 3, 3]);
    expect(moved(three, four).sort()).toEqual([...(four.get('d') ?? [])].sort());
  });

  it('a member leaves: only its tables move, and the rest stay balanced', () => {
    const three = assignTables([m('a', t(12)), m('b', t(12)), m('c', t(12))]);
    const two = assignTables([m('a', t(12), three.get('a')), m('c', t(12), three.get('c'))]);
    expect(counts(two)).toEqual([6, 6]);
    expect(moved(three, two).sort()).toEqual([...(three.get('b') ?? [])].sort());
  });

  it('every table exactly once, for any count of tables and members', () => {
    for (let members = 1; members <= 5; members++)
      for (let tables = 0; tables <= 13; tables++) {
        const claims = Array.from({ length: members }, (_, i) =>
          m(
            `w${i}`,
            t(tables),
            t(tables).filter((_, j) => j % (i + 2) === 0),
          ),
        );
        const all = [...assignTables(claims).values()].flat().sort();
        expect(all).toEqual(t(tables));
        const c = counts(assignTables(claims));
        expect((c.at(-1) ?? 0) - (c[0] ?? 0)).toBeLessThanOrEqual(1);
      }
  });
});

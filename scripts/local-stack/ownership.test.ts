import { describe, expect, it } from 'vitest';
import { nextOwnership } from './stack.js';
import type { Ownership } from './state.js';

const alive = new Set([100, 200]);
const isAlive = (pid: number) => alive.has(pid);
const manual = (ownerPid: number): Ownership => ({ startedBy: 'manual', ownerPid });
const test = (ownerPid: number): Ownership => ({ startedBy: 'test', ownerPid });

describe('nextOwnership', () => {
  it.each([
    {
      name: 'fresh stack, test run',
      previous: undefined,
      reusedAny: false,
      caller: test(100),
      owner: test(100),
    },
    {
      name: 'fresh stack, person',
      previous: undefined,
      reusedAny: false,
      caller: manual(100),
      owner: manual(100),
    },
    {
      name: "person's running stack is never taken by a test",
      previous: manual(1),
      reusedAny: true,
      caller: test(100),
      owner: manual(1),
    },
    {
      name: "person's stack died, test restarted all of it",
      previous: manual(1),
      reusedAny: false,
      caller: test(100),
      owner: test(100),
    },
    {
      name: "interrupted test run's stack is adopted",
      previous: test(999),
      reusedAny: true,
      caller: test(100),
      owner: test(100),
    },
    {
      name: 'a live test run keeps its stack',
      previous: test(200),
      reusedAny: true,
      caller: test(100),
      owner: test(200),
    },
    {
      name: "a person claims a test run's stack",
      previous: test(200),
      reusedAny: true,
      caller: manual(100),
      owner: manual(100),
    },
  ])('$name', ({ previous, reusedAny, caller, owner }) => {
    expect(nextOwnership(previous, reusedAny, caller, isAlive)).toEqual(owner);
  });
});

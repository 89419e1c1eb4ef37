import { describe, expect, it } from 'vitest';
import { compactBatch } from './batch-compaction.js';
import type { WritePlan } from './write-plan.js';

const put = (key: string, offset: number): WritePlan => ({
  kind: 'put',
  key,
  wireKey: {},
  item: {},
  offset: BigInt(offset),
  op: 'u',
});
const del = (key: string, offset: number): WritePlan => ({
  kind: 'delete',
  key,
  wireKey: {},
  offset: BigInt(offset),
  op: 'd',
});
const shape = (plans: WritePlan[]) => plans.map((p) => `${p.kind}:${p.key}@${p.offset}`);

describe('compactBatch', () => {
  it.each([
    { name: 'empty', plans: [], kept: [] },
    { name: 'one write', plans: [put('a', 1)], kept: ['put:a@1'] },
    { name: 'last put wins', plans: [put('a', 1), put('a', 2)], kept: ['put:a@2'] },
    {
      name: 'put then delete: the delete',
      plans: [put('a', 1), del('a', 2)],
      kept: ['delete:a@2'],
    },
    { name: 'delete then put: the put', plans: [del('a', 1), put('a', 2)], kept: ['put:a@2'] },
    {
      name: 'd then its tombstone: one delete',
      plans: [put('a', 1), del('a', 2), del('a', 3)],
      kept: ['delete:a@3'],
    },
    {
      name: 'keys kept apart, in the order of their last records',
      plans: [put('a', 1), put('b', 2), put('a', 3), del('c', 4)],
      kept: ['put:b@2', 'put:a@3', 'delete:c@4'],
    },
    {
      name: 'an older offset later in the batch never wins (a duplicate)',
      plans: [put('a', 5), put('a', 3)],
      kept: ['put:a@5'],
    },
  ])('$name', ({ plans, kept }) => {
    expect(shape(compactBatch(plans))).toEqual(kept);
  });
});

import {
  decodeConsumerProtocolAssignment,
  encodeConsumerProtocolAssignment,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { encodeMemberInfo } from '../worker/owner-election.js';
import { assignOwner, ownerEntry, ownerFromAssignment } from './owner-assignment.js';

const meta = (workerId: string, startedAt: number) =>
  encodeMemberInfo({ workerId, startedAt, owns: false, rest: null });
const alone = () => ({ memberId: 'me', workerId: 'w-me', startedAt: 1, rest: null });

describe('assignOwner', () => {
  it('tells every member the same owner, the oldest', () => {
    const out = assignOwner(
      new Map([
        ['m1', meta('w1', 200)],
        ['m2', meta('w2', 100)],
        ['m3', Buffer.from('not ours')],
      ]),
    );
    expect([...out.keys()]).toEqual(['m1', 'm2', 'm3']);
    for (const [memberId, assignments] of out) {
      const owner = ownerFromAssignment(assignments, { memberId, isLeader: false }, alone);
      expect(owner).toEqual({ memberId: 'm2', workerId: 'w2', startedAt: 100, rest: null });
    }
  });

  it('gives nothing when no member can own', () => {
    const out = assignOwner(new Map([['m1', Buffer.alloc(0)]]));
    expect(out.get('m1')).toEqual([]);
  });

  it('survives the consumer protocol encoding (an entry without partitions would not)', () => {
    const entry = ownerEntry({ memberId: 'm-"x"', workerId: 'host:1', startedAt: 5, rest: 'h:2' });
    const wire = encodeConsumerProtocolAssignment({ version: 0, assignedPartitions: [entry] });
    const read = decodeConsumerProtocolAssignment(wire).assignedPartitions;
    expect(ownerFromAssignment(read, { memberId: 'other', isLeader: false }, alone)).toEqual({
      memberId: 'm-"x"',
      workerId: 'host:1',
      startedAt: 5,
      rest: 'h:2',
    });
  });
});

describe('ownerFromAssignment', () => {
  it.each([
    { name: 'leader alone (the client skips the assigner)', isLeader: true, owner: 'me' },
    { name: 'a follower with nothing assigned', isLeader: false, owner: null },
  ])('$name', ({ isLeader, owner }) => {
    expect(ownerFromAssignment([], { memberId: 'me', isLeader }, alone)?.memberId ?? null).toBe(
      owner,
    );
  });

  it('ignores entries that are not an owner', () => {
    const entries = [
      { topic: 'orders', partitions: [0] },
      { topic: 'dkc-owner:{bad', partitions: [0] },
    ];
    expect(ownerFromAssignment(entries, { memberId: 'me', isLeader: false }, alone)).toBeNull();
  });
});

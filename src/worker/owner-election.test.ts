import { describe, expect, it } from 'vitest';
import {
  decodeMemberInfo,
  electOwner,
  encodeMemberInfo,
  type Member,
  ownershipLapsed,
} from './owner-election.js';

const member = (memberId: string, startedAt: number, owns = false): Member => ({
  memberId,
  info: { workerId: `w-${memberId}`, startedAt, owns, rest: null },
});

describe('electOwner', () => {
  it.each([
    { name: 'no members', members: [], owner: null },
    { name: 'alone', members: [member('m1', 500)], owner: 'm1' },
    { name: 'the oldest wins', members: [member('m1', 500), member('m2', 400)], owner: 'm2' },
    {
      name: 'order of members does not matter',
      members: [member('m2', 400), member('m1', 500)],
      owner: 'm2',
    },
    {
      name: 'same start: smallest member id',
      members: [member('m-b', 400), member('m-a', 400)],
      owner: 'm-a',
    },
    {
      name: 'the current owner stays, even when a newcomer is older',
      members: [member('m1', 500, true), member('m2', 100)],
      owner: 'm1',
    },
    {
      name: 'two claim to own: the older of them',
      members: [member('m1', 500, true), member('m2', 300, true), member('m3', 100)],
      owner: 'm2',
    },
    {
      name: 'an unreadable member never owns',
      members: [{ memberId: 'm0', info: null }, member('m1', 500)],
      owner: 'm1',
    },
    { name: 'only unreadable members', members: [{ memberId: 'm0', info: null }], owner: null },
  ])('$name', ({ members, owner }) => {
    expect(electOwner(members)?.memberId ?? null).toBe(owner);
  });

  it('names the winner as its metadata says', () => {
    expect(
      electOwner([
        { memberId: 'm1', info: { workerId: 'host:1', startedAt: 7, owns: false, rest: 'h:1' } },
      ]),
    ).toEqual({ memberId: 'm1', workerId: 'host:1', startedAt: 7, rest: 'h:1' });
  });
});

describe('member info', () => {
  it('round-trips', () => {
    const info = { workerId: 'host:42', startedAt: 1_700_000_000_123, owns: true, rest: null };
    expect(decodeMemberInfo(encodeMemberInfo(info))).toEqual(info);
  });

  it.each([
    { name: 'empty', data: Buffer.alloc(0) },
    { name: 'null', data: null },
    { name: 'not JSON', data: Buffer.from('roundrobin') },
    { name: 'a JSON string', data: Buffer.from('"x"') },
    { name: 'no workerId', data: Buffer.from('{"startedAt":1}') },
    { name: 'startedAt not a number', data: Buffer.from('{"workerId":"w","startedAt":"1"}') },
  ])('unreadable: $name', ({ data }) => {
    expect(decodeMemberInfo(data)).toBeNull();
  });

  it('reads what an older worker leaves out as false / null', () => {
    expect(decodeMemberInfo(Buffer.from('{"workerId":"w","startedAt":1}'))).toEqual({
      workerId: 'w',
      startedAt: 1,
      owns: false,
      rest: null,
    });
  });
});

describe('ownershipLapsed', () => {
  it.each([
    { name: 'just heard from the broker', sinceMs: 0, lapsed: false },
    { name: 'one missed heartbeat', sinceMs: 6_000, lapsed: false },
    { name: 'at the limit', sinceMs: 7_000, lapsed: false },
    { name: 'past session timeout minus one interval', sinceMs: 7_001, lapsed: true },
    { name: 'long gone', sinceMs: 60_000, lapsed: true },
  ])('$name', ({ sinceMs, lapsed }) => {
    expect(
      ownershipLapsed({
        lastAliveMs: 1_000,
        nowMs: 1_000 + sinceMs,
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 3_000,
      }),
    ).toBe(lapsed);
  });
});

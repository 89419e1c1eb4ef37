import type { GroupAssignment } from '@platformatic/kafka';
import {
  decodeMemberInfo,
  electOwner,
  encodeMemberInfo,
  type Owner,
} from '../worker/owner-election.js';
import type { GroupProtocol } from './group-protocol.js';

/**
 * The standalone group's assignment, carried in the consumer protocol's assignment format: the
 * members subscribe to no topic, so the leader gives every member one made-up "topic" entry
 * whose name is the elected owner as JSON (partition 0). The client only stores an assigned
 * topic (it fetches nothing without a stream), and an entry with no partitions would be
 * dropped when encoded, hence the partition.
 */
const MARK = 'dkc-owner:';

export function ownerEntry(owner: Owner): GroupAssignment {
  return { topic: MARK + JSON.stringify(owner), partitions: [0] };
}

/** The leader's assigner: every member learns the same owner. */
export function assignOwner(
  members: ReadonlyMap<string, Buffer | null>,
): Map<string, GroupAssignment[]> {
  const owner = electOwner(
    [...members].map(([memberId, m]) => ({ memberId, info: decodeMemberInfo(m) })),
  );
  return new Map([...members.keys()].map((id) => [id, owner ? [ownerEntry(owner)] : []]));
}

/**
 * The owner a member's assignment names. An empty assignment to the leader means: alone, the
 * owner (GroupProtocol.read). null: no owner could be elected.
 */
export function ownerFromAssignment(
  assignments: readonly GroupAssignment[],
  self: { memberId: string; isLeader: boolean },
  selfAlone: () => Owner,
): Owner | null {
  for (const { topic } of assignments) {
    if (!topic.startsWith(MARK)) continue;
    try {
      const o = JSON.parse(topic.slice(MARK.length)) as Owner;
      if (typeof o.memberId === 'string' && typeof o.workerId === 'string') return o;
    } catch {
      // Not ours: read on.
    }
  }
  return assignments.length === 0 && self.isLeader ? selfAlone() : null;
}

/** Standalone mode (protocol `dkc-standalone`): the leader elects one owner of everything. */
export function standaloneProtocol(self: {
  workerId: string;
  startedAt: number;
  rest: string | null;
}): GroupProtocol<Owner | null> {
  return {
    name: 'dkc-standalone',
    version: 1,
    metadata: (holding) => encodeMemberInfo({ ...self, owns: holding }),
    assign: assignOwner,
    read: (entries, me) =>
      ownerFromAssignment(entries, me, () => ({ memberId: me.memberId, ...self })),
    holds: (owner, memberId) => owner?.memberId === memberId,
    // What a standalone member says changes only with its ownership, which a rebalance tells.
    stale: () => false,
  };
}

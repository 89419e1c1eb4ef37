import type {
  ExtendedGroupProtocolSubscription,
  GroupAssignment,
  GroupPartitionsAssignments,
} from '@platformatic/kafka';
import { decodeMemberInfo, electOwner, type Owner } from '../worker/owner-election.js';

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
  members: ReadonlyMap<string, Pick<ExtendedGroupProtocolSubscription, 'metadata'>>,
): GroupPartitionsAssignments[] {
  const owner = electOwner(
    [...members].map(([memberId, m]) => ({
      memberId,
      info: decodeMemberInfo(toBuffer(m.metadata)),
    })),
  );
  return [...members.keys()].map((memberId) => {
    const assignments = new Map<string, GroupAssignment>();
    if (owner) {
      const entry = ownerEntry(owner);
      assignments.set(entry.topic, entry);
    }
    return { memberId, assignments };
  });
}

const toBuffer = (m: Buffer | string | undefined): Buffer | null =>
  m === undefined ? null : Buffer.isBuffer(m) ? m : Buffer.from(m);

/**
 * The owner a member's assignment names. The client skips the assigner when the leader is the
 * group's only member (it assigns that member every subscribed topic, here none), so an empty
 * assignment to the leader means: alone, the owner. null: no owner could be elected.
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

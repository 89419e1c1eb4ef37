import type { GroupAssignment } from '@platformatic/kafka';

export type { GroupAssignment } from '@platformatic/kafka';

/**
 * What a worker group's members say and how its leader shares the work out: the one thing
 * that differs between standalone mode (one owner) and distributed mode (tables shared).
 * GroupMembership runs either. `S` is one member's share, as it reads its assignment.
 */
export interface GroupProtocol<S> {
  readonly name: string;
  readonly version: number;
  /** What this member says about itself at a (re)join; `holding`: its share gives it work. */
  metadata(holding: boolean): Buffer;
  /** The leader's assigner: every member's entries (metadata null: unreadable). */
  assign(members: ReadonlyMap<string, Buffer | null>): Map<string, GroupAssignment[]>;
  /**
   * This member's share from its entries. The client skips the assigner when the leader is
   * the group's only member (it assigns it every subscribed topic: none), so the leader with
   * no entries is alone.
   */
  read(entries: readonly GroupAssignment[], self: { memberId: string; isLeader: boolean }): S;
  /** Whether a share gives this member work that must stop when its membership lapses. */
  holds(share: S, memberId: string): boolean;
  /** Whether what this member said at its last join (`sent`) is out of date for the leader. */
  stale(sent: Buffer): boolean;
}

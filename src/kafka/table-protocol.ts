import type { GroupAssignment } from '@platformatic/kafka';
import { shareTables } from '../worker/table-hand-over.js';
import {
  decodeTableMember,
  encodeTableMember,
  needsRejoin,
  type TableMemberInfo,
} from '../worker/table-member.js';
import type { GroupProtocol } from './group-protocol.js';

/**
 * Distributed mode's assignment in the consumer protocol's format: one made-up "topic" entry
 * `dkc-table:<table>` (partition 0: an entry without partitions is dropped when encoded) per
 * table, plus one `dkc-tables` entry for every member, so an empty assignment only ever means
 * the leader is alone (the client then skips the assigner).
 */
const TABLE = 'dkc-table:';
const MARKER: GroupAssignment = { topic: 'dkc-tables', partitions: [0] };

export function tableEntries(tables: readonly string[]): GroupAssignment[] {
  return [MARKER, ...tables.map((t) => ({ topic: TABLE + t, partitions: [0] }))];
}

export function tablesOf(entries: readonly GroupAssignment[]): string[] {
  return entries.flatMap(({ topic }) =>
    topic.startsWith(TABLE) ? [topic.slice(TABLE.length)] : [],
  );
}

/** What a member reports at each join: the tables it found and the ones it runs. */
export type TableClaim = () => Pick<TableMemberInfo, 'tables' | 'running'>;

/**
 * Distributed mode (protocol `dkc-distributed`): the leader shares the tables out
 * (shareTables); a member's share is the list of its tables. Alone, a member runs every
 * table it found.
 */
export function distributedProtocol(
  self: Pick<TableMemberInfo, 'workerId' | 'startedAt' | 'rest'>,
  claim: TableClaim,
): GroupProtocol<string[]> {
  return {
    name: 'dkc-distributed',
    version: 1,
    metadata: () => encodeTableMember({ ...self, ...claim() }),
    assign: (members) =>
      new Map(
        [
          ...shareTables(
            [...members].map(([memberId, m]) => ({ memberId, info: decodeTableMember(m) })),
          ),
        ].map(([id, tables]) => [id, tableEntries(tables)]),
      ),
    read: (entries, me) =>
      entries.length === 0 && me.isLeader ? [...claim().tables].sort() : tablesOf(entries),
    holds: (tables) => tables.length > 0,
    stale: (sent) => {
      const said = decodeTableMember(sent);
      return said === null || needsRejoin(said, claim());
    },
  };
}

import { assignTables } from './table-assignment.js';
import type { TableMemberInfo } from './table-member.js';

/**
 * The leader's share-out of a distributed connector's tables, with a cooperative two-phase
 * hand-over (Kafka's KIP-429): assignTables says where each table should run; a table that
 * some other live member still runs goes to nobody in this generation. That member stops it
 * (its batch in flight finishes, its offsets are written), joins again without it, and the
 * next generation gives it to its target. A table whose member left the group is given at
 * once. So no two members run a table at once; a member whose metadata is unreadable (another
 * protocol version) gets nothing. Pure and deterministic, as any member may lead.
 */
export function shareTables(
  members: readonly { memberId: string; info: TableMemberInfo | null }[],
): Map<string, string[]> {
  const claims = members.flatMap(({ memberId, info }) =>
    info ? [{ memberId, tables: info.tables, running: info.running }] : [],
  );
  const runners = new Map<string, string[]>();
  for (const { memberId, running } of claims)
    for (const t of running) runners.set(t, [...(runners.get(t) ?? []), memberId]);
  const target = assignTables(claims);
  return new Map(
    members.map(({ memberId }) => [
      memberId,
      (target.get(memberId) ?? []).filter((t) =>
        (runners.get(t) ?? []).every((runner) => runner === memberId),
      ),
    ]),
  );
}

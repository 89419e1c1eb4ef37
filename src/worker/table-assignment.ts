/** What a member of the connector's group tells the leader when it joins. */
export interface MemberClaim {
  memberId: string;
  /** Eligible tables this member's discovery found. */
  tables: string[];
  /** Tables this member runs now (its assignment of the last generation). */
  running: string[];
}

/**
 * Distributed mode's assignment: every table any member discovered goes to exactly one member,
 * balanced (counts differ by at most one) and sticky (a table moves only when its member left or
 * holds more than its share). Pure and deterministic, so any leader computes the same answer.
 */
export function assignTables(members: MemberClaim[]): Map<string, string[]> {
  const tables = [...new Set(members.flatMap((m) => m.tables))].sort();
  const known = new Set(tables);
  const keeps = (m: MemberClaim) => m.running.filter((t) => known.has(t)).length;
  // Who gets a share of base + 1: the members that keep the most (then by id), so a table
  // moves only when it must.
  const order = [...members].sort(
    (a, b) => keeps(b) - keeps(a) || a.memberId.localeCompare(b.memberId),
  );
  const base = members.length === 0 ? 0 : Math.floor(tables.length / members.length);
  const extra = members.length === 0 ? 0 : tables.length % members.length;
  const room = new Map(order.map((m, i) => [m.memberId, base + (i < extra ? 1 : 0)]));
  const out = new Map<string, string[]>(order.map((m) => [m.memberId, []]));
  const placed = new Set<string>();
  const give = (id: string, table: string) => {
    out.get(id)?.push(table);
    room.set(id, (room.get(id) as number) - 1);
    placed.add(table);
  };

  for (const m of order)
    for (const t of [...m.running].sort())
      if (known.has(t) && !placed.has(t) && (room.get(m.memberId) as number) > 0)
        give(m.memberId, t);
  // Shares add up to the table count, so every table left finds a member with room.
  const byId = [...out.keys()].sort();
  for (const t of tables) {
    if (placed.has(t)) continue;
    const id = byId.find((x) => (room.get(x) as number) > 0);
    if (id) give(id, t);
  }
  for (const list of out.values()) list.sort();
  return out;
}

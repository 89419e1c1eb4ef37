/**
 * Who runs a connector when several standalone workers share its name: they all join one
 * consumer group, and the group's leader elects one owner from what each member says about
 * itself. Only the owner copies tables; the others wait. Pure: the Kafka side is
 * src/kafka/group-membership.ts.
 */

/** What a worker says about itself when it joins the group (JSON, as the member's metadata). */
export interface MemberInfo {
  workerId: string;
  /** When the worker process started (ms since the epoch). */
  startedAt: number;
  /** This worker owned the connector when it (re)joined: a rebalance keeps it the owner. */
  owns: boolean;
  /** The worker's REST address (host:port), or null when it serves none. */
  rest: string | null;
}

export interface Member {
  memberId: string;
  /** null when the member's metadata could not be read (not one of ours, or a newer format). */
  info: MemberInfo | null;
}

export interface Owner {
  memberId: string;
  workerId: string;
  startedAt: number;
  rest: string | null;
}

export function encodeMemberInfo(info: MemberInfo): Buffer {
  return Buffer.from(JSON.stringify(info), 'utf8');
}

/** A member's metadata as a JSON object; null when it is not one (another protocol, garbage). */
export function memberObject(data: Buffer | null | undefined): Record<string, unknown> | null {
  if (!data || data.length === 0) return null;
  try {
    const v: unknown = JSON.parse(data.toString('utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function decodeMemberInfo(data: Buffer | null | undefined): MemberInfo | null {
  const v = memberObject(data);
  if (!v) return null;
  const { workerId, startedAt, owns, rest } = v;
  if (typeof workerId !== 'string' || !Number.isFinite(startedAt)) return null;
  return {
    workerId,
    startedAt: startedAt as number,
    owns: owns === true,
    rest: typeof rest === 'string' ? rest : null,
  };
}

/**
 * The owner: the member that owned the connector before this rebalance, so a worker that
 * joins never takes over from a live owner (a take-over while the owner still writes would
 * copy its last batches twice); else the oldest worker (smallest startedAt), ties broken by
 * member id so every leader picks the same one. Members whose metadata is unreadable never
 * own. null when no member can.
 */
export function electOwner(members: readonly Member[]): Owner | null {
  let best: { memberId: string; info: MemberInfo } | undefined;
  for (const { memberId, info } of members) {
    if (!info) continue;
    if (!best || before({ memberId, info }, best)) best = { memberId, info };
  }
  if (!best) return null;
  const { workerId, startedAt, rest } = best.info;
  return { memberId: best.memberId, workerId, startedAt, rest };
}

function before(
  a: { memberId: string; info: MemberInfo },
  b: { memberId: string; info: MemberInfo },
): boolean {
  if (a.info.owns !== b.info.owns) return a.info.owns;
  if (a.info.startedAt !== b.info.startedAt) return a.info.startedAt < b.info.startedAt;
  return a.memberId < b.memberId;
}

/**
 * Whether an owner must stop because its heartbeats have failed for so long that the broker
 * may already have removed it from the group (after the session timeout) and handed the
 * connector to another worker. It stops one heartbeat interval before that point, so the two
 * never write at once.
 */
export function ownershipLapsed(opts: {
  lastAliveMs: number;
  nowMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}): boolean {
  return opts.nowMs - opts.lastAliveMs > opts.sessionTimeoutMs - opts.heartbeatIntervalMs;
}

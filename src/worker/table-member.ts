import { memberObject } from './owner-election.js';

/**
 * What a member of a distributed connector's group says about itself when it joins (JSON, as
 * the member's metadata of protocol `dkc-distributed`), and when it must say it again. Pure:
 * the Kafka side is src/kafka/table-protocol.ts.
 */
export interface TableMemberInfo {
  workerId: string;
  /** When the worker process started (ms since the epoch). */
  startedAt: number;
  /** The worker's REST address (host:port), or null when it serves none. */
  rest: string | null;
  /** The eligible tables this member's discovery found. */
  tables: string[];
  /** The tables it runs now, those it is still stopping included. */
  running: string[];
}

export function encodeTableMember(info: TableMemberInfo): Buffer {
  return Buffer.from(JSON.stringify(info), 'utf8');
}

const isNames = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((t) => typeof t === 'string');

/** null when the metadata is not a distributed member's (another protocol, a newer format). */
export function decodeTableMember(data: Buffer | null | undefined): TableMemberInfo | null {
  const v = memberObject(data);
  if (!v) return null;
  const { workerId, startedAt, rest, tables, running } = v;
  if (typeof workerId !== 'string' || !Number.isFinite(startedAt)) return null;
  if (!isNames(tables) || !isNames(running)) return null;
  return {
    workerId,
    startedAt: startedAt as number,
    rest: typeof rest === 'string' ? rest : null,
    tables,
    running,
  };
}

/**
 * Whether the leader must hear from this member again: it found another set of tables, or it
 * stopped a table it said it ran (a hand-over's first phase is done: the table may go to its
 * new member). A table it started since is no news: the leader gave it.
 */
export function needsRejoin(
  sent: Pick<TableMemberInfo, 'tables' | 'running'>,
  now: Pick<TableMemberInfo, 'tables' | 'running'>,
): boolean {
  const found = new Set(now.tables);
  if (found.size !== new Set(sent.tables).size || sent.tables.some((t) => !found.has(t)))
    return true;
  const running = new Set(now.running);
  return sent.running.some((t) => !running.has(t));
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The offset space (DESIGN §5), in the Kafka Connect format: key = ["<connector>", {partition}],
 * value = a flat map. docs/OFFSETS.md documents these maps; change both together.
 */
export type OffsetPartition =
  | { table: string }
  | { table: string; generation: number; segment: number }
  | { table: string; generation: number; shard_id: string }
  | { table: string; command: 'snapshot' }
  | { table: string; command: 'region' };

/** Where a table's generation is: scanning, reconciling its topic, streaming, or done (initial_only). */
export type TablePhase = 'INIT_SYNC' | 'RECONCILE' | 'SYNC' | 'DONE';

export interface TableOffset {
  generation: number;
  phase: TablePhase;
  stream_arn: string;
  init_sync_start: number | null;
  init_sync_end: number | null;
  segments: number;
  /** The stream was read to its head once after the snapshot: from then on, the safe zone applies. */
  sync_caught_up: boolean;
  /**
   * The table topic's end offsets when this generation began, as JSON `[p0, p1, …]`: records
   * below them are older generations', which reconciliation checks. Absent in offsets written
   * before reconciliation existed.
   */
  topic_marks?: string | null;
  /** The newest `snapshot` command this generation answers (its requested_at), or null. */
  snapshot_request?: number | null;
  /**
   * Where the generation's stream began: 'cut' — a snapshot read beside the stream, which
   * delivers nothing it read before its first catch-up (docs/design/online-snapshot.md); without
   * a snapshot (initSync.mode 'never') 'trim_horizon' or 'latest', and when. Null in offsets of
   * snapshots that read the stream after the scan.
   */
  stream_start?: 'trim_horizon' | 'latest' | 'cut' | 'failover' | null;
  /** 'latest': when it began; 'failover': the cut-off, records at or before it are skipped. */
  stream_start_at?: number | null;
  /** 'failover': the old region's low-water mark; records up to it may repeat earlier ones. */
  failover_mark?: number | null;
  /**
   * Global tables (aws.regions): the region whose replica stream (and, in a snapshot, table)
   * this generation reads. Absent or null = aws.region.
   */
  region?: string | null;
  /** The last move to another region (kept by later generations): the region it left. */
  failover_from?: string | null;
  /** …and why: region_failing, operator, current_not_listed, home_healthy (a fail-back). */
  failover_reason?: string | null;
  /** The newest `failover` command the task has answered (its requested_at), or null. */
  region_request?: number | null;
}

/** The table offset's record of its last region move. */
export type RegionMoveRecord = Pick<
  TableOffset,
  'failover_from' | 'failover_reason' | 'region_request'
>;

/** An operator's `failover` command: read that region's replica. */
export interface RegionCommand {
  requested_at: number;
  region: string;
}

/** An operator's `snapshot` command, written by the CLI and read by the worker. */
export interface SnapshotCommand {
  requested_at: number;
}

export interface SegmentOffset {
  /** DynamoDB JSON of the ExclusiveStartKey (binary as base64), or null at the start. */
  exclusive_start_key: string | null;
  done: boolean;
  count: number;
}

export interface ShardOffset {
  sequence_number: string | null;
  ended: boolean;
  /** ApproximateCreationDateTime (ms) of the last record read; absent in older offsets. */
  last_change_ms?: number | null;
  /**
   * Global tables: when the shard last answered empty (its head), less the settle allowance:
   * everything stated before it was read. Lets a quiet shard's position keep up with the clock.
   */
  read_to_ms?: number | null;
  /** The shard's parent: an ended shard whose child has no offset yet may hold the next records. */
  parent_shard_id?: string | null;
}

export type OffsetValue =
  | TableOffset
  | SegmentOffset
  | ShardOffset
  | SnapshotCommand
  | RegionCommand;

export const tablePartition = (table: string) => ({ table });
export const segmentPartition = (table: string, generation: number, segment: number) => ({
  table,
  generation,
  segment,
});
export const shardPartition = (table: string, generation: number, shardId: string) => ({
  table,
  generation,
  shard_id: shardId,
});

export const snapshotCommandPartition = (table: string) => ({
  table,
  command: 'snapshot' as const,
});

export const regionCommandPartition = (table: string) => ({
  table,
  command: 'region' as const,
});

/** The offset record key; field order is fixed so the same partition always has the same bytes. */
export function offsetKey(connector: string, partition: OffsetPartition): string {
  return JSON.stringify([connector, partition]);
}

type KeyAttribute = { S: string } | { N: string } | { B: string };

/** A scan position as text. Key attributes are S, N or B only; B goes as base64. */
export function encodeStartKey(key: Record<string, AttributeValue> | undefined): string | null {
  if (!key) return null;
  const out: Record<string, KeyAttribute> = {};
  for (const [name, av] of Object.entries(key)) {
    if (av.S !== undefined) out[name] = { S: av.S };
    else if (av.N !== undefined) out[name] = { N: av.N };
    else if (av.B !== undefined) out[name] = { B: Buffer.from(av.B).toString('base64') };
    else throw new Error(`key attribute '${name}' is not S, N or B`);
  }
  return JSON.stringify(out);
}

export function decodeStartKey(text: string | null): Record<string, AttributeValue> | undefined {
  if (text === null) return undefined;
  const parsed = JSON.parse(text) as Record<string, KeyAttribute>;
  const out: Record<string, AttributeValue> = {};
  for (const [name, av] of Object.entries(parsed)) {
    if ('S' in av) out[name] = { S: av.S };
    else if ('N' in av) out[name] = { N: av.N };
    else out[name] = { B: Buffer.from(av.B, 'base64') };
  }
  return out;
}

import { ResyncRequired } from '../errors.js';
import type { TableOffset } from '../kafka/offsets-format.js';
import { snapshotRequestDetail, snapshotRequested, streamChangedDetail } from './next-step.js';
import type { PhaseContext } from './phase-context.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { type SkipRule, skipRule } from './sync-decisions.js';
import { tableOffsets } from './table-offsets.js';

/** What a stream reader of one generation is to do (built by phase-steps.ts). */
export interface SyncPlan {
  streamArn: string;
  /** The table's key attributes, hash key first: each record's Kafka key. */
  keyNames: readonly string[];
  /** Old records this generation never delivers (sync-decisions.ts). */
  skip: SkipRule | null;
  /** Shards of the first listing without a stored position start at LATEST ('latest' start). */
  startAtLatest: boolean;
  safeZoneMs: number;
  idlePollMs: number;
  idlePollMaxMs: number;
  shardRefreshMs: number;
  /** Checked at every shard refresh: throws ResyncRequired/IneligibleTableError when the stream changed. */
  checkStream: () => Promise<void>;
  /** Whether the stream was already caught up after this generation's snapshot. */
  caughtUp: boolean;
  /** Stores that it now is. */
  onCaughtUp: () => Promise<void>;
  /** While a snapshot runs beside the stream: what its pages wait for (snapshot-gate.ts). */
  gate?: SnapshotGate;
  /**
   * Global tables: shards store the time they were last seen at their head, less this allowance
   * for a record's way into the stream (initSync.streamSettleMs); undefined = not stored.
   */
  headTimeSettleMs?: number;
  /** After a failover: kept records stated up to this may repeat ones written before (counted). */
  repeatsUpToMs: number | null;
}

/** The plan of a phase's stream reader: from the stored offset, with the gate while it scans. */
export function syncPlan(ctx: PhaseContext, stored: TableOffset, gate?: SnapshotGate): SyncPlan {
  const { config } = ctx.deps;
  return {
    gate,
    streamArn: stored.stream_arn,
    keyNames: ctx.info.keyNames,
    skip: skipRule(stored),
    startAtLatest: ctx.freshLatest,
    safeZoneMs: config.sync.safeZoneMs,
    idlePollMs: config.sync.idlePollMs,
    idlePollMaxMs: config.sync.idlePollMaxMs,
    shardRefreshMs: config.sync.shardRefreshMs,
    caughtUp: stored.sync_caught_up === true,
    repeatsUpToMs: stored.stream_start === 'failover' ? (stored.failover_mark ?? null) : null,
    headTimeSettleMs: config.aws.regions.length > 1 ? config.initSync.streamSettleMs : undefined,
    onCaughtUp: () => ctx.commitTable(tableOffsets.caughtUp(ctx.current())),
    checkStream: async () => {
      const request = ctx.snapshotRequest();
      if (snapshotRequested(ctx.current(), request))
        throw new ResyncRequired('snapshot_requested', snapshotRequestDetail(request));
      const now = await ctx.describe();
      if (now.streamArn !== stored.stream_arn) {
        throw new ResyncRequired(
          'stream_changed',
          streamChangedDetail(stored.stream_arn, now.streamArn),
        );
      }
    },
  };
}

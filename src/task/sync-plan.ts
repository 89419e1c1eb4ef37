import type { SnapshotGate } from './snapshot-gate.js';
import type { SkipRule } from './sync-decisions.js';

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
}

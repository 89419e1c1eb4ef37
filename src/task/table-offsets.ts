import type { RegionMoveRecord, TableOffset, TablePhase } from '../kafka/offsets-format.js';

/** What every new generation stores about how it began. */
export interface GenerationStart {
  generation: number;
  streamArn: string;
  startMs: number;
  /** The region read (aws.region unless a global table's task has moved), and its last move. */
  region: string;
  lastMove: RegionMoveRecord;
  /** The table topic's end offsets now: reconciliation checks the records below them. */
  marks: bigint[];
  /** The newest snapshot command it answers. */
  snapshotRequest: number | null;
}

const base = (g: GenerationStart) => ({
  generation: g.generation,
  stream_arn: g.streamArn,
  init_sync_end: null,
  sync_caught_up: false,
  topic_marks: JSON.stringify(g.marks.map(String)),
  snapshot_request: g.snapshotRequest,
  region: g.region,
  ...g.lastMove,
});

/** A failover or fail-back that resumes the stream of another region's replica. */
export interface RegionMove {
  generation: number;
  region: string;
  streamArn: string;
  /** Records of the new stream at or before it are skipped (replica/failover-plan.ts). */
  cutoffMs: number;
  /** The old region's low-water mark: kept records up to it may repeat delivered ones. */
  lowWaterMs: number;
  move: RegionMoveRecord;
}

/** The table offset's transitions (DESIGN §11.10): each a named function of the stored value. */
export const tableOffsets = {
  /** `beside`: the stream is read beside the scan (not for initial_only, which has no stream). */
  snapshotStarted: (g: GenerationStart, segments: number, beside: boolean): TableOffset => ({
    ...base(g),
    phase: 'INIT_SYNC',
    init_sync_start: g.startMs,
    segments,
    stream_start: beside ? 'cut' : null,
    stream_start_at: null,
  }),
  streamStarted: (g: GenerationStart, position: 'trim_horizon' | 'latest'): TableOffset => ({
    ...base(g),
    phase: 'SYNC',
    init_sync_start: null,
    segments: 0,
    stream_start: position,
    stream_start_at: g.startMs,
  }),
  scanDone: (o: TableOffset, endMs: number, next: TablePhase): TableOffset => ({
    ...o,
    phase: next,
    init_sync_end: endMs,
  }),
  entered: (o: TableOffset, phase: TablePhase): TableOffset => ({ ...o, phase }),
  caughtUp: (o: TableOffset): TableOffset => ({ ...o, sync_caught_up: true }),
  /**
   * A new generation in SYNC on the new region's stream from TRIM_HORIZON, skipping what is at
   * or before the cut-off; the snapshot it continues (init_sync_*) stays the old one's.
   */
  failedOver: (o: TableOffset, m: RegionMove): TableOffset => ({
    ...o,
    generation: m.generation,
    phase: 'SYNC',
    stream_arn: m.streamArn,
    sync_caught_up: false,
    stream_start: 'failover',
    stream_start_at: m.cutoffMs,
    failover_mark: m.lowWaterMs,
    region: m.region,
    ...m.move,
  }),
  /** initial_only, DONE: nothing is read, the next snapshot is taken in the new region. */
  movedRegion: (
    o: TableOffset,
    region: string,
    streamArn: string,
    move: RegionMoveRecord,
  ): TableOffset => ({ ...o, region, stream_arn: streamArn, ...move }),
};

/** INIT_SYNC progress as the status shows it. */
export interface ScanProgressView {
  items: number;
  /** DescribeTable's item count (updated by DynamoDB about every 6 h), never below `items`. */
  approximateTotal: number | null;
  percent: number | null;
  /** From this run's rate; null until it has read something. */
  etaS: number | null;
}

export interface SyncProgressView {
  shardsActive: number;
  /** Change time of the last record handed to Kafka, to when it was handed; 0 at the head. */
  millisBehindSource: number | null;
  /** Change time of the last record handed to Kafka. */
  lastEventMs: number | null;
}

export interface ProgressView {
  initSync: ScanProgressView | null;
  sync: SyncProgressView | null;
  /** When Kafka last acknowledged a record of this table. */
  lastRecordMs: number | null;
}

/** What stall detection looks at (stall-decision.ts). */
export interface ProgressMarks {
  /** INIT_SYNC: when the scan started or last handed a page to Kafka. */
  scanProgressMs: number | null;
  /** SYNC: each active shard and when its reader last completed a GetRecords round. */
  shardRounds: [shardId: string, atMs: number][];
  millisBehindSource: number | null;
}

interface ScanState {
  itemsBefore: number;
  itemsThisRun: number;
  approximateTotal: number;
  startedMs: number;
  progressMs: number;
}

/**
 * One task run's live progress, written by its phase runners and read by the status, the
 * metrics and stall detection. Nothing here is stored: a restarted task starts it afresh.
 */
export class TaskProgress {
  private scan: ScanState | null = null;
  private readonly shards = new Map<string, { roundMs: number; behindMs: number }>();
  private syncing = false;
  private lastRecordMs: number | null = null;
  private lastEventMs: number | null = null;

  constructor(private readonly now: () => number) {}

  scanStarted(approximateTotal: number, itemsBefore: number): void {
    const now = this.now();
    this.scan = { itemsBefore, itemsThisRun: 0, approximateTotal, startedMs: now, progressMs: now };
  }

  scanRead(items: number): void {
    if (!this.scan) return;
    this.scan.itemsThisRun += items;
    this.scan.progressMs = this.now();
  }

  syncStarted(): void {
    this.scan = null;
    this.syncing = true;
  }

  /** Neither scanning nor streaming (RECONCILE, DONE, or the run ended). */
  idle(): void {
    this.scan = null;
    this.syncing = false;
    this.shards.clear();
  }

  /** Kafka acknowledged records; the last of them changed at `lastChangeMs`. */
  handed(lastChangeMs: number): void {
    this.lastRecordMs = this.now();
    this.lastEventMs = lastChangeMs;
  }

  shardStarted(shardId: string): void {
    this.shards.set(shardId, { roundMs: this.now(), behindMs: 0 });
  }

  /** A GetRecords round done: its records (if any) handed to Kafka; null = none, at the head. */
  shardRound(shardId: string, lastChangeMs: number | null): void {
    const now = this.now();
    this.shards.set(shardId, {
      roundMs: now,
      behindMs: lastChangeMs === null ? 0 : Math.max(0, now - lastChangeMs),
    });
  }

  shardEnded(shardId: string): void {
    this.shards.delete(shardId);
  }

  view(): ProgressView {
    return { initSync: this.scanView(), sync: this.syncView(), lastRecordMs: this.lastRecordMs };
  }

  marks(): ProgressMarks {
    return {
      scanProgressMs: this.scan?.progressMs ?? null,
      shardRounds: [...this.shards].map(([id, s]) => [id, s.roundMs]),
      millisBehindSource: this.syncView()?.millisBehindSource ?? null,
    };
  }

  private scanView(): ScanProgressView | null {
    const s = this.scan;
    if (!s) return null;
    const items = s.itemsBefore + s.itemsThisRun;
    // DescribeTable's count is refreshed only every few hours: never show more than 100 %.
    const total = s.approximateTotal > 0 ? Math.max(s.approximateTotal, items) : null;
    const rate = s.itemsThisRun / Math.max(1, this.now() - s.startedMs);
    return {
      items,
      approximateTotal: total,
      percent: total === null ? null : Math.floor((items / total) * 1000) / 10,
      etaS: total !== null && rate > 0 ? Math.round((total - items) / rate / 1000) : null,
    };
  }

  private syncView(): SyncProgressView | null {
    if (!this.syncing) return null;
    let behind: number | null = null;
    for (const s of this.shards.values()) behind = Math.max(behind ?? 0, s.behindMs);
    return {
      shardsActive: this.shards.size,
      millisBehindSource: behind,
      lastEventMs: this.lastEventMs,
    };
  }
}

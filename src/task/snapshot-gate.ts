import type { WireItem } from '../dynamodb/wire-pages.js';
import { OvertakenKeys, passedMark, type ShardMark } from './snapshot-window.js';

/** One shard round as the stream reader wrote it (records and offset acknowledged). */
export interface WrittenRound {
  /** When its GetRecords request was first sent. */
  askedAtMs: number;
  /** The answer held everything the shard had: fewer records than a full page. */
  atHead: boolean;
  newestChangeMs: number | null;
  ended: boolean;
}

/**
 * The online snapshot's meeting point (docs/design/online-snapshot.md): the stream reader
 * tells it what it listed, received and wrote; a scan page waits here until the stream has
 * passed the page's high watermark, then leaves the items the stream overtook behind.
 */
export class SnapshotGate {
  private readonly marks = new Map<string, ShardMark>();
  private readonly keys: OvertakenKeys;
  private shardIds: readonly string[] = [];
  private listedAtMs = Number.NEGATIVE_INFINITY;
  private lastEndSeenAtMs: number | null = null;
  private waiters: { markMs: number; resolve: () => void }[] = [];
  /** When each held page's Scan was sent: what the window map must still keep. */
  private readonly held = new Map<number, number>();
  private nextHold = 0;
  /** Released pages not yet acknowledged, by the keys they hold: stream rounds wait for them. */
  private readonly sending = new Map<number, { keys: Set<string>; written: Promise<void> }>();

  constructor(
    readonly settleMs: number,
    private readonly now: () => number,
  ) {
    this.keys = new OvertakenKeys(settleMs);
  }

  listed(shardIds: readonly string[], askedAtMs: number): void {
    this.shardIds = shardIds;
    this.listedAtMs = askedAtMs;
    this.wake();
  }

  /** Keys of records the reader will deliver, noted before they are handed to Kafka. */
  received(keys: Iterable<Buffer>): void {
    const at = this.now();
    const text = [...keys].map((k) => k.toString('latin1'));
    if (text.length > 0) this.keys.received(text, at);
  }

  shardWritten(shardId: string, round: WrittenRound): void {
    const mark = this.marks.get(shardId) ?? {
      ended: false,
      headAskedAtMs: null,
      newestChangeMs: null,
    };
    if (round.ended) {
      mark.ended = true;
      this.lastEndSeenAtMs = this.now();
    }
    if (round.atHead) mark.headAskedAtMs = Math.max(mark.headAskedAtMs ?? 0, round.askedAtMs);
    if (round.newestChangeMs !== null)
      mark.newestChangeMs = Math.max(mark.newestChangeMs ?? 0, round.newestChangeMs);
    this.marks.set(shardId, mark);
    this.wake();
  }

  /** A page whose Scan was sent at `askedAtMs` is held: the keys it may need are kept. */
  hold(askedAtMs: number): number {
    const id = this.nextHold++;
    this.held.set(id, askedAtMs);
    return id;
  }

  /** Resolves once every record of a write before `answeredAtMs` + δ has been written. */
  passed(answeredAtMs: number, signal: AbortSignal): Promise<void> {
    const markMs = answeredAtMs + this.settleMs;
    if (this.passes(markMs) || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.waiters.push({ markMs, resolve: done });
    });
  }

  /**
   * The held page's items the stream did not overtake, and how many it did. Synchronous, so the
   * caller hands the kept ones to Kafka before any later stream round can be.
   */
  release(
    holdId: number,
    items: WireItem[],
    write: (kept: WireItem[]) => Promise<void>,
  ): { written: Promise<void>; dropped: number } {
    const askedAtMs = this.held.get(holdId) ?? Number.NEGATIVE_INFINITY;
    this.held.delete(holdId);
    const kept = items.filter((i) => !this.keys.overtook(i.key.toString('latin1'), askedAtMs));
    const oldest = Math.min(...this.held.values(), this.now());
    this.keys.prune(oldest);
    const written = write(kept);
    const entry = { keys: new Set(kept.map((i) => i.key.toString('latin1'))), written };
    this.sending.set(holdId, entry);
    const forget = () => this.sending.delete(holdId);
    written.then(forget, forget);
    return { written, dropped: items.length - kept.length };
  }

  /**
   * Resolves once no released page holding one of `keys` is still being sent: a stream round
   * received after a page's release is newer than its items, and must follow them in Kafka.
   */
  async clearOf(keys: readonly Buffer[]): Promise<void> {
    if (this.sending.size === 0 || keys.length === 0) return;
    const text = keys.map((k) => k.toString('latin1'));
    const waits = [...this.sending.values()]
      .filter((page) => text.some((k) => page.keys.has(k)))
      .map((page) => page.written.catch(() => {}));
    await Promise.all(waits);
  }

  private passes(markMs: number): boolean {
    return passedMark(
      {
        shardIds: this.shardIds,
        listedAtMs: this.listedAtMs,
        lastEndSeenAtMs: this.lastEndSeenAtMs,
        marks: this.marks,
      },
      markMs,
    );
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.passes(w.markMs)) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

import { STREAM_TIME_MARGIN_MS } from '../dynamodb/stream-time.js';

/**
 * What to do with one stream record (DESIGN §6). This is the one place that decides a skip.
 *
 * During the first catch-up after a snapshot, a record older than the snapshot's start minus
 * the overlap (at least STREAM_TIME_MARGIN_MS: record times are rounded and come from another
 * clock) was made before the scan began, so the snapshot holds its change or a later one: skip.
 * Once caught up (`sync_caught_up`, stored in the table's offset), the rule is retired for good:
 * every shard's stored position is then past the records it covered, and a newer record is never
 * skipped, whatever its time says.
 *
 * Once caught up, a record older than the safe zone means we lag so far that the stream may
 * already have dropped changes: resync. The first catch-up is exempt, since it reads records
 * from before the snapshot by design, or every resync would trigger the next.
 */
export function classifyStreamRecord(
  changeTimeMs: number,
  ctx: {
    initSyncStart: number;
    overlapMs: number;
    safeZoneMs: number;
    nowMs: number;
    caughtUp: boolean;
  },
): 'skip' | 'keep' | 'resync' {
  if (!ctx.caughtUp) {
    const overlap = Math.max(ctx.overlapMs, STREAM_TIME_MARGIN_MS);
    return changeTimeMs < ctx.initSyncStart - overlap ? 'skip' : 'keep';
  }
  return changeTimeMs < ctx.nowMs - ctx.safeZoneMs ? 'resync' : 'keep';
}

/**
 * The stream is caught up once every shard it lists has ended or has answered with an empty
 * page (its head) in this generation.
 */
export function streamCaughtUp(
  shardIds: readonly string[],
  atHeadOrEnded: (shardId: string) => boolean,
): boolean {
  return shardIds.length > 0 && shardIds.every(atHeadOrEnded);
}

/** An INIT_SYNC that outlasted the safe zone may have missed changes the stream already dropped. */
export function initSyncTooLong(startMs: number, endMs: number, safeZoneMs: number): boolean {
  return endMs - startMs > safeZoneMs;
}

/**
 * How long to wait before reading a shard again: at once while it returns records; after an
 * empty answer `idlePollMs`, and once the shard has been quiet a while, longer: a quarter of
 * the time it has been quiet, in doublings of idlePollMs, up to `idlePollMaxMs`. A busy shard
 * is read back to back; the first change after a quiet spell of T waits at most T / 4 more;
 * a shard quiet for long costs a request every idlePollMaxMs. Doublings keep the set of waits
 * small, so shards with the same wait wake together (alignedWait).
 */
export function nextPollDelay(
  quietForMs: number,
  gotRecords: boolean,
  opts: { idlePollMs: number; idlePollMaxMs: number },
): number {
  if (gotRecords) return 0;
  let delay = opts.idlePollMs;
  while (delay * 2 <= opts.idlePollMaxMs && delay * 2 * 4 <= quietForMs) delay *= 2;
  return delay;
}

/**
 * The wait until the next multiple of `delayMs` on the clock: shards that wait the same time
 * wake together. Each separate wakeup of the process costs CPU (on this project's machine kind
 * ~0.2 ms, and a poll on its own ~2 ms against ~0.6 ms in a batch), which is what an idle
 * worker with many tables spends its time on (bench: idle CPU).
 */
export function alignedWait(delayMs: number, nowMs: number): number {
  return delayMs - (nowMs % delayMs);
}

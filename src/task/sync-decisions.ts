import { STREAM_TIME_MARGIN_MS } from '../dynamodb/stream-time.js';
import type { TableOffset } from '../kafka/offsets-format.js';

/**
 * Which old stream records a generation never delivers. After a snapshot: what the stream held
 * when the snapshot began, which the snapshot holds — only during the first catch-up (the cut).
 * After a 'latest' start without a snapshot: records made before the start, which the user did
 * not ask for — for good, so a shard that had no record yet when the worker stopped is read
 * again from its start on restart without replaying history.
 */
export interface SkipRule {
  beforeMs: number;
  retiresAtCatchUp: boolean;
  reason: 'before_start' | 'before_cut' | 'failover';
}

/**
 * The rule for a stored generation. Record times are rounded (to the second on AWS, the minute
 * on DynamoDB Local) and come from another clock, so a 'latest' cut-off keeps
 * STREAM_TIME_MARGIN_MS.
 */
export function skipRule(stored: TableOffset): SkipRule | null {
  // The snapshot starts only once the stream was read to its head: whatever it read before
  // was written before the first Scan, so the snapshot holds it (no clock is compared).
  if (stored.stream_start === 'cut')
    return { beforeMs: Number.POSITIVE_INFINITY, retiresAtCatchUp: true, reason: 'before_cut' };
  // After a failover, what the old region's stream delivered, found by time
  // (replica/failover-plan.ts); for good, like 'latest': a shard first read after a restart
  // starts at TRIM_HORIZON again. Times are whole ms: "at or before" the cut-off is "< it + 1".
  if (stored.stream_start === 'failover' && typeof stored.stream_start_at === 'number')
    return { beforeMs: stored.stream_start_at + 1, retiresAtCatchUp: false, reason: 'failover' };
  if (stored.stream_start === 'latest' && typeof stored.stream_start_at === 'number') {
    return {
      beforeMs: stored.stream_start_at - STREAM_TIME_MARGIN_MS,
      retiresAtCatchUp: false,
      reason: 'before_start',
    };
  }
  return null;
}

/**
 * What to do with one stream record (DESIGN §6). This is the one place that decides a skip.
 *
 * A record older than the skip rule's cut-off is skipped, until the rule retires: once caught
 * up after a snapshot (`sync_caught_up`, stored in the table's offset), every shard's stored
 * position is past the records it covered, and a newer record is never skipped, whatever its
 * time says.
 *
 * Once caught up, a record older than the safe zone means we lag so far that the stream may
 * already have dropped changes: resync. The first catch-up is exempt, since it reads records
 * from before the snapshot by design, or every resync would trigger the next.
 */
export function classifyStreamRecord(
  changeTimeMs: number,
  ctx: { skip: SkipRule | null; safeZoneMs: number; nowMs: number; caughtUp: boolean },
): 'skip' | 'keep' | 'resync' {
  const { skip } = ctx;
  if (skip && !(ctx.caughtUp && skip.retiresAtCatchUp) && changeTimeMs < skip.beforeMs)
    return 'skip';
  if (!ctx.caughtUp) return 'keep';
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

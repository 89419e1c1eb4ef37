/**
 * What to do with one stream record (DESIGN §6). Records older than the snapshot's start minus
 * the overlap are already in the snapshot: skip. A record made after the snapshot started but
 * older than the safe zone means we lag so far that the stream may already have dropped
 * changes: resync. Records from before the snapshot start are exempt from the safe-zone test,
 * or every resync would trigger the next.
 */
export function classifyStreamRecord(
  changeTimeMs: number,
  ctx: { initSyncStart: number; overlapMs: number; safeZoneMs: number; nowMs: number },
): 'skip' | 'keep' | 'resync' {
  if (changeTimeMs < ctx.initSyncStart - ctx.overlapMs) return 'skip';
  if (changeTimeMs >= ctx.initSyncStart && changeTimeMs < ctx.nowMs - ctx.safeZoneMs)
    return 'resync';
  return 'keep';
}

/** An INIT_SYNC that outlasted the safe zone may have missed changes the stream already dropped. */
export function initSyncTooLong(startMs: number, endMs: number, safeZoneMs: number): boolean {
  return endMs - startMs > safeZoneMs;
}

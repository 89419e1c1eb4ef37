/** One partition's position: its end offset, what the group committed, and the difference. */
export interface PartitionLag {
  partition: number;
  end: bigint;
  committed: bigint;
  lag: bigint;
}

/**
 * Lag of each assigned partition = its end offset − the offset committed for it (0 when nothing
 * is committed yet: all of it is lag).
 */
export function partitionLags(
  assigned: readonly number[],
  ends: ReadonlyMap<number, bigint>,
  committed: ReadonlyMap<number, bigint>,
): PartitionLag[] {
  return [...assigned]
    .sort((a, b) => a - b)
    .map((partition) => {
      const end = ends.get(partition) ?? 0n;
      const at = committed.get(partition) ?? 0n;
      const lag = end > at ? end - at : 0n;
      return { partition, end, committed: at, lag };
    });
}

/** The counters a progress log line carries. */
export interface ReplicateCounts {
  received: number;
  applied: number;
  skippedStale: number;
  compacted: number;
}

/** Lag as a log shows it: `{"0": 12, "1": 0}` and the total. */
export function lagFields(lags: readonly PartitionLag[]): {
  lag: Record<string, number>;
  lagTotal: number;
} {
  const lag: Record<string, number> = {};
  let lagTotal = 0;
  for (const p of lags) {
    lag[String(p.partition)] = Number(p.lag);
    lagTotal += Number(p.lag);
  }
  return { lag, lagTotal };
}

/** What the task has lately seen of one region's replica (DescribeTable, GetRecords). */
export interface RegionHealth {
  /** When the first failure of the current unbroken run of failures was seen; null = not failing. */
  failingSinceMs: number | null;
  /** When the region was first seen healthy after its last failure; null = not seen healthy. */
  healthySinceMs: number | null;
}

/** An operator's command to read one region's replica, taken once. */
export type RegionRequest = { region: string } | null;

export interface RegionFacts {
  /** `aws.regions`: the first is home, the rest in the order to fail over to. */
  regions: readonly string[];
  /** The region whose replica stream the task reads now. */
  current: string;
  /** A region absent from the map has not been probed yet. */
  health: ReadonlyMap<string, RegionHealth>;
  nowMs: number;
  failoverAfterMs: number;
  request: RegionRequest;
  failBack: boolean;
}

export type FailoverReason = 'region_failing' | 'operator' | 'current_not_listed';

export type RegionDecision =
  | { action: 'stay' }
  | { action: 'stay'; reason: 'no_healthy_region' }
  | { action: 'stay'; reason: 'unknown_region'; region: string }
  | { action: 'failover'; to: string; reason: FailoverReason }
  | { action: 'failback'; to: string };

/**
 * Which region's replica stream the task reads next.
 *
 * 1. An operator's request for a listed region other than the current one is honoured at once,
 *    healthy or not: the operator may know of a fault (or a maintenance) the probes do not see.
 *    An unlisted region is refused by the result, never by a throw; the caller drops the
 *    request either way and decides again on its next round. A request for the current region
 *    changes nothing, so the rules below decide.
 * 2. A current region that is no longer listed (the config changed) is left for the first
 *    healthy listed one.
 * 3. The current region has failed once it has been failing for `failoverAfterMs`: the task
 *    moves to the first healthy region in list order. With none healthy it stays, since the
 *    failing region may come back first and a move to an unprobed one gains nothing.
 * 4. Fail-back to home needs home healthy for `failoverAfterMs` as well: a home region that
 *    answers again between failures would otherwise move the task back and forth. While an
 *    operator's choice should stand, the caller passes `failBack: false`, or the next round
 *    would undo it.
 */
export function decideRegion(f: RegionFacts): RegionDecision {
  if (f.request !== null && f.request.region !== f.current) {
    if (!f.regions.includes(f.request.region))
      return { action: 'stay', reason: 'unknown_region', region: f.request.region };
    return { action: 'failover', to: f.request.region, reason: 'operator' };
  }
  if (!f.regions.includes(f.current)) return moveTo(f, 'current_not_listed');
  const failingSince = f.health.get(f.current)?.failingSinceMs ?? null;
  if (failingSince !== null && f.nowMs - failingSince >= f.failoverAfterMs)
    return moveTo(f, 'region_failing');
  const home = f.regions[0];
  if (f.failBack && home !== undefined && f.current !== home) {
    const h = f.health.get(home);
    const settled =
      h?.failingSinceMs === null &&
      h.healthySinceMs !== null &&
      f.nowMs - h.healthySinceMs >= f.failoverAfterMs;
    if (settled) return { action: 'failback', to: home };
  }
  return { action: 'stay' };
}

function moveTo(f: RegionFacts, reason: FailoverReason): RegionDecision {
  const to = f.regions.find((r) => r !== f.current && isHealthyRegion(f, r));
  return to === undefined
    ? { action: 'stay', reason: 'no_healthy_region' }
    : { action: 'failover', to, reason };
}

// Healthy means seen answering and not failing since: a region never probed is not a target,
// since moving to it could trade a failing region for a dead one.
function isHealthyRegion(f: RegionFacts, region: string): boolean {
  const h = f.health.get(region);
  return h?.failingSinceMs === null && h.healthySinceMs !== null;
}

import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { unlessAborted } from '../retry.js';
import { decideRegion, type RegionDecision, type RegionHealth } from './region-health.js';

/** A move decideRegion asked for; `requestedAt` when it answers an operator's command. */
export type RegionMove = Extract<RegionDecision, { action: 'failover' | 'failback' }> & {
  requestedAt?: number;
};

/** An operator's command not answered yet. */
export interface PendingRequest {
  region: string;
  requestedAt: number;
}

export interface RegionWatchOptions {
  /** aws.regions: home first. */
  regions: readonly string[];
  failoverAfterMs: number;
  probeIntervalMs: number;
  /** globalTable.failBack, unless an operator's choice should stand. */
  failBack: () => boolean;
  request: () => PendingRequest | null;
  /** The region read now. */
  current: () => string;
  /** One DescribeTable of the table in `region`; throws when the region does not answer. */
  probe: (region: string, signal: AbortSignal) => Promise<void>;
  /** Called once per move; no other is asked for until `moved()`. */
  onMove: (move: RegionMove) => void;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  logger: Logger;
}

/**
 * Probes every region of a global table at a steady interval and asks for a move when
 * decideRegion says so (region-health.ts has the rules). The probes are DescribeTable calls of
 * the table itself, each bounded by the interval, so a region that hangs counts as failing.
 */
export class RegionWatch {
  readonly health = new Map<string, RegionHealth>();
  private moving = false;
  private lastStay: string | null = null;

  constructor(private readonly o: RegionWatchOptions) {}

  /** The asked-for move is done: decide again. */
  moved(): void {
    this.moving = false;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.round(signal);
      await this.o.sleep(this.o.probeIntervalMs, signal);
    }
  }

  async round(signal: AbortSignal): Promise<void> {
    await Promise.all(this.o.regions.map((region) => this.probe(region, signal)));
    if (signal.aborted || this.moving) return;
    const request = this.o.request();
    const decision = decideRegion({
      regions: this.o.regions,
      current: this.o.current(),
      health: this.health,
      nowMs: this.o.now(),
      failoverAfterMs: this.o.failoverAfterMs,
      request: request && { region: request.region },
      failBack: this.o.failBack(),
    });
    if (decision.action === 'stay') {
      const reason = 'reason' in decision ? decision.reason : null;
      // Said once per spell: every probe round would repeat it.
      if (reason !== null && reason !== this.lastStay)
        this.o.logger.warn(
          reason === 'unknown_region'
            ? 'global table: failover command for a region not in aws.regions'
            : 'global table: no healthy region to fail over to',
          { region: this.o.current(), reason, requested: request?.region },
        );
      this.lastStay = reason;
      return;
    }
    this.lastStay = null;
    this.moving = true;
    this.o.onMove(
      decision.action === 'failover' && decision.reason === 'operator' && request
        ? { ...decision, requestedAt: request.requestedAt }
        : decision,
    );
  }

  private async probe(region: string, signal: AbortSignal): Promise<void> {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(this.o.probeIntervalMs)]);
    const was = this.health.get(region);
    const now = this.o.now();
    try {
      await unlessAborted(this.o.probe(region, timeout), timeout);
      if (!was || was.failingSinceMs !== null)
        this.health.set(region, { failingSinceMs: null, healthySinceMs: now });
    } catch (err) {
      if (signal.aborted) return;
      if (!was || was.failingSinceMs === null) {
        this.health.set(region, { failingSinceMs: now, healthySinceMs: null });
        this.o.logger.warn('global table: region not answering', {
          region,
          error: errorMessage(err),
        });
      }
    }
  }
}

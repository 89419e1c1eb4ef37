/**
 * Read-rate limit for the scan, in capacity units per second, fed by the ConsumedCapacity that
 * DynamoDB reports for each page. A token bucket that may go into debt: a page's cost is only
 * known after it is read, so the next request waits until the debt is paid back.
 */
export class CapacityLimiter {
  private tokens: number;
  private last: number;

  constructor(
    readonly unitsPerSecond: number | null,
    private readonly now: () => number,
  ) {
    this.tokens = unitsPerSecond ?? 0;
    this.last = now();
  }

  private refill(): void {
    if (this.unitsPerSecond === null) return;
    const t = this.now();
    // At most one second of burst, so a long pause does not allow a spike.
    this.tokens = Math.min(
      this.unitsPerSecond,
      this.tokens + ((t - this.last) / 1000) * this.unitsPerSecond,
    );
    this.last = t;
  }

  /** How long to wait before the next request, ms. */
  delayMs(): number {
    if (this.unitsPerSecond === null) return 0;
    this.refill();
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.unitsPerSecond) * 1000);
  }

  consumed(units: number): void {
    if (this.unitsPerSecond === null) return;
    this.refill();
    this.tokens -= units;
  }
}

export interface CapacityInput {
  /** Provisioned read capacity units, or null for on-demand. */
  provisionedReadUnits: number | null;
  fraction: number;
  maxUnits: number | null;
}

/** Provisioned: a fraction of its capacity (and the cap if lower); on-demand: the cap, or none. */
export function scanRate(input: CapacityInput): number | null {
  const share = input.provisionedReadUnits ? input.provisionedReadUnits * input.fraction : null;
  if (share === null) return input.maxUnits;
  return input.maxUnits === null ? share : Math.min(share, input.maxUnits);
}

/**
 * Pairs each write's acknowledgement with the moment its record was seen, in whichever order
 * they happen: a stream (or a fast connector) can publish a change before the writer has read
 * DynamoDB's answer. Times are performance.now() of this process.
 */
export class LatencyMatcher {
  /** Matched pairs: when the write was acknowledged, and how long until the record was seen. */
  readonly matched: { ackedAt: number; ms: number }[] = [];
  private readonly ackedAt = new Map<string, number>();
  private readonly seenAt = new Map<string, number>();

  acked(id: string, at: number): void {
    const seen = this.seenAt.get(id);
    if (seen === undefined) this.ackedAt.set(id, at);
    else this.pair(id, at, seen);
  }

  seen(id: string, at: number): void {
    const acked = this.ackedAt.get(id);
    if (acked === undefined) this.seenAt.set(id, at);
    else this.pair(id, acked, at);
  }

  /** Acknowledged writes whose record has not been seen yet. */
  get waiting(): number {
    return this.ackedAt.size;
  }

  private pair(id: string, acked: number, seen: number): void {
    // Seen before acknowledged counts as 0: the change was already out when the write returned.
    this.matched.push({ ackedAt: acked, ms: Math.max(0, seen - acked) });
    this.ackedAt.delete(id);
    this.seenAt.delete(id);
  }
}

/**
 * In-process counters for everything skipped, re-sent, retried or resynced, so each is counted
 * as well as logged. The worker logs them at shutdown; the metrics endpoint will expose them.
 */
export class Counters {
  private readonly values = new Map<string, number>();

  add(name: string, labels: Record<string, string> = {}, by = 1): void {
    const key = Object.keys(labels).length
      ? `${name}{${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}}`
      : name;
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

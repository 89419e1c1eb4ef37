import type { InitSyncFigures } from './init-sync-bench.js';
import type { LatencyFigures } from './latency-bench.js';
import type { SyncFigures } from './sync-bench.js';

export interface TargetResult {
  name: string;
  target: string;
  actual: string;
  /** null: not measured in this run (e.g. the memory target needs --large). */
  met: boolean | null;
}

const LARGE_ITEMS = 1_000_000;

/** The acceptance targets, judged against this run's figures. */
export function judgeTargets(
  items: number,
  initSync: InitSyncFigures[],
  sync: SyncFigures | undefined,
  latencyPasses: LatencyFigures[],
): TargetResult[] {
  const out: TargetResult[] = initSync.map((f) => ({
    name: `INIT_SYNC, ${f.segments} segment(s)`,
    target: '≥ 0.80 × min(raw Scan, raw produce)',
    actual: Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)} ×` : 'no ceilings in this run',
    met: Number.isFinite(f.ratio) ? f.ratio >= 0.8 : null,
  }));
  if (sync) {
    out.push({
      name: 'SYNC',
      target: '≥ 0.80 × raw GetRecords drain',
      actual: `${sync.ratio.toFixed(2)} × (backlog drain)`,
      met: sync.ratio >= 0.8,
    });
  }
  const latency = latencyPasses[0];
  if (latency) {
    const rateNote =
      latency.achievedPerSec < 0.95 * latency.offeredPerSec
        ? ` at only ${Math.round(latency.achievedPerSec)} writes/s`
        : '';
    out.push({
      name: 'latency p99',
      target: `≤ 1000 ms at ${latency.offeredPerSec} writes/s`,
      actual: `${Math.round(latency.latencyMs.p99)} ms${rateNote}, ${latency.missing} missing`,
      met:
        latency.latencyMs.p99 <= 1000 &&
        latency.missing === 0 &&
        latency.achievedPerSec >= 0.95 * latency.offeredPerSec,
    });
  }
  const peak = Math.max(0, ...initSync.map((f) => f.connector.peakRssMB));
  out.push({
    name: 'peak RSS',
    target: '< 256 MB at 1,000,000 items',
    actual: `${Math.round(peak)} MB at ${items.toLocaleString('en-US')} items`,
    met: items >= LARGE_ITEMS ? peak < 256 : null,
  });
  return out;
}

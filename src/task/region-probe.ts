import { type RegionMove, RegionWatch } from '../replica/region-watch.js';
import { sleep } from '../retry.js';
import type { PhaseContext } from './phase-context.js';

/**
 * A global table's region watch for one task (replica/region-watch.ts): probes DescribeTable
 * of the table in every region of aws.regions; null for a table of one region.
 */
export function regionWatch(
  ctx: PhaseContext,
  onMove: (move: RegionMove) => void,
): RegionWatch | null {
  const { config } = ctx.deps;
  const { regions } = config.aws;
  if (regions.length < 2) return null;
  const apiOf = (region: string) =>
    region === config.aws.region ? ctx.deps : ctx.deps.replicas?.get(region);
  return new RegionWatch({
    regions,
    failoverAfterMs: config.globalTable.failoverAfterMs,
    probeIntervalMs: config.globalTable.probeIntervalMs,
    failBack: config.globalTable.failBack,
    current: () => ctx.region,
    probe: async (region) => {
      const api = apiOf(region);
      if (!api) throw new Error(`no clients for region ${region}`);
      if (!(await api.dynamodb.describeTable(ctx.table)))
        throw new Error(`table ${ctx.table} not found in ${region}`);
    },
    onMove,
    now: ctx.now,
    sleep: (ms, signal) => sleep(ms, signal),
    logger: ctx.log,
  });
}

import { type RegionCommand, regionCommandPartition } from '../kafka/offsets-format.js';
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
    // An operator's choice stands: no fail-back undoes it.
    failBack: () => config.globalTable.failBack && ctx.lastMove.failover_reason !== 'operator',
    request: () => {
      const command = ctx.deps.offsets.get<RegionCommand>(regionCommandPartition(ctx.table));
      const answered = ctx.lastMove.region_request ?? 0;
      return command && command.requested_at > answered
        ? { region: command.region, requestedAt: command.requested_at }
        : null;
    },
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

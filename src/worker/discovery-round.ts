import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { type Discovery, discoverTables } from '../discovery/discover.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * One discovery per interval, as the worker runs it: a fault is logged (once more when it
 * heals) and counted, and answers undefined, so the caller keeps its current tasks. Each
 * ineligible table is logged once per reason, not every interval.
 */
export class DiscoveryRound {
  private failing = false;
  /** Last reason logged per ineligible table. */
  readonly reasons = new Map<string, string>();
  /** Rounds that answered since the last reset. */
  ran = 0;

  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The tables to run: the eligible ones, and those running whose check failed this time (a
   * fault keeps a table's state). undefined when discovery failed.
   */
  async desired(running: () => string[]): Promise<string[] | undefined> {
    const found = await this.run(running);
    if (!found) return undefined;
    this.ran++;
    for (const { table, reason, kind, nearMiss } of found.ineligible) {
      if (this.reasons.get(table) === reason) continue;
      this.reasons.set(table, reason);
      // Tables with neither of our tag keys are someone else's: not worth a line each at info.
      const level = kind === 'table' ? 'warn' : nearMiss ? 'info' : 'debug';
      this.logger.log(level, 'table ineligible', { table, reason });
    }
    for (const { table, error } of found.unknown) {
      this.logger.warn('table check failed, keeping its state', {
        table,
        error: errorMessage(error),
      });
    }
    const now = new Set(running());
    for (const table of found.eligible.keys()) this.reasons.delete(table);
    return [
      ...found.eligible.keys(),
      ...found.unknown.map((u) => u.table).filter((t) => now.has(t)),
    ].sort();
  }

  /** Forgets what was found, as a worker does that no longer runs the connector. */
  reset(): void {
    this.ran = 0;
    this.reasons.clear();
  }

  private async run(running: () => string[]): Promise<Discovery | undefined> {
    const { tables } = this.config;
    try {
      const found = await discoverTables(
        {
          whitelist: tables.whitelist,
          rules: {
            ingestionTagKey: tables.ingestionTagKey,
            envTagKey: tables.envTagKey,
            envTagValue: tables.envTagValue,
          },
        },
        {
          tagging: this.clients.tagging,
          describeTable: (t) => this.clients.dynamodb.describeTable(t),
        },
      );
      if (this.failing) this.logger.info('discovery recovered');
      this.failing = false;
      return found;
    } catch (err) {
      this.failing = true;
      this.metrics.discoveryFailure();
      this.logger.warn('discovery failed', { error: errorMessage(err), running: running() });
      return undefined;
    }
  }
}

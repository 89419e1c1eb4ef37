import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { type Discovery, discoverTables } from '../discovery/discover.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';

/**
 * One discovery per interval, as the worker runs it: a fault is logged (once more when it
 * heals) and counted, and answers undefined, so the caller keeps its current tasks.
 */
export class DiscoveryRound {
  private failing = false;

  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  async run(running: () => string[]): Promise<Discovery | undefined> {
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

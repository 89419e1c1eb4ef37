import type { Admin } from 'kafkajs';
import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { eligibility } from '../discovery/eligibility.js';
import { errorMessage } from '../errors.js';
import { OffsetStore } from '../kafka/offset-store.js';
import { ensureTopic } from '../kafka/topics.js';
import type { Counters } from '../observability/counters.js';
import type { Logger } from '../observability/logger.js';
import { retry, sleep } from '../retry.js';
import { TableTask } from '../task/table-task.js';

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * One worker: reads the offsets, then runs one task per eligible table until stopped.
 * Whitelisted tables that are not eligible are checked again every discovery interval.
 */
export class Worker {
  readonly tasks = new Map<string, { task: TableTask; done: Promise<void> }>();

  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly logger: Logger,
    private readonly counters: Counters,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    const { config, clients, logger } = this;
    const admin = clients.kafka.admin();
    // Kafka may not be up yet: wait for it rather than exit (DESIGN §9).
    const onRetry = ({ delayMs, message }: { delayMs: number; message: string }) =>
      logger.warn('kafka not ready, retrying', { delayMs, error: message });
    await retry(() => admin.connect(), { ...BACKOFF, signal, onRetry }, { sleep });
    try {
      await retry(
        () =>
          ensureTopic(admin, {
            topic: config.kafka.offsetsTopic,
            partitions: 1,
            replicationFactor: config.kafka.replicationFactor,
            configs: { 'cleanup.policy': 'compact' },
          }),
        { ...BACKOFF, signal, onRetry },
        { sleep },
      );
      const offsets = await OffsetStore.load(
        clients.kafka,
        config.kafka.offsetsTopic,
        config.name,
        `${config.name}-offsets-reader-${process.pid}-${Date.now()}`,
      );
      logger.info('worker started', { tables: config.tables.whitelist });
      let pending = [...config.tables.whitelist];
      while (!signal.aborted) {
        pending = await this.startEligible(pending, admin, offsets, signal);
        if (pending.length === 0) break;
        await sleep(config.tables.discoveryIntervalMs, signal);
      }
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await Promise.all([...this.tasks.values()].map((t) => t.done));
    } finally {
      await admin.disconnect().catch(() => {});
      logger.info('worker stopped', { counters: this.counters.snapshot() });
    }
  }

  /** Starts a task for each eligible table; returns those that are not (yet). */
  private async startEligible(
    tables: string[],
    admin: Admin,
    offsets: OffsetStore,
    signal: AbortSignal,
  ): Promise<string[]> {
    const notYet: string[] = [];
    for (const table of tables) {
      if (signal.aborted) return notYet;
      try {
        const info = eligibility(await this.clients.dynamodb.describeTable(table));
        if (!info.eligible) {
          this.counters.add('tables_ineligible_total', { table });
          this.logger.warn('table ineligible', { table, reason: info.reason });
          notYet.push(table);
          continue;
        }
        await ensureTopic(admin, {
          topic: `${this.config.kafka.topicPrefix}${table}`,
          partitions: this.config.kafka.topicPartitions,
          replicationFactor: this.config.kafka.replicationFactor,
          configs: Object.fromEntries(
            this.config.kafka.topicConfig.map((c) => c.split(/=(.*)/s).slice(0, 2)),
          ),
        });
      } catch (err) {
        this.logger.warn('table check failed, retrying later', { table, error: errorMessage(err) });
        notYet.push(table);
        continue;
      }
      const task = new TableTask(table, {
        config: this.config,
        dynamodb: this.clients.dynamodb,
        streams: this.clients.streams,
        kafka: this.clients.kafka,
        offsets,
        logger: this.logger,
        counters: this.counters,
      });
      this.tasks.set(table, { task, done: task.run(signal) });
    }
    return notYet;
  }
}

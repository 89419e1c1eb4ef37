import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import { errorMessage } from '../errors.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { TopicAdmin } from '../kafka/topic-admin.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { TableTask } from '../task/table-task.js';
import type { TaskSet } from './task-set.js';

/** Starts a table's task once its topic is there (created when missing), in either mode. */
export class TaskLauncher {
  constructor(
    private readonly config: Config,
    private readonly clients: Clients,
    private readonly admin: TopicAdmin,
    private readonly tasks: TaskSet,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** false when the topic check failed: the caller tries again later. */
  async start(table: string, offsets: OffsetStore, signal: AbortSignal): Promise<boolean> {
    const { config } = this;
    try {
      await this.admin.ensureTopic({
        topic: `${config.kafka.topicPrefix}${table}`,
        partitions: config.kafka.topicPartitions,
        replicationFactor: config.kafka.replicationFactor,
        configs: Object.fromEntries(
          config.kafka.topicConfig.map((c) => c.split(/=(.*)/s).slice(0, 2)),
        ),
      });
    } catch (err) {
      this.logger.warn('topic check failed, retrying next interval', {
        table,
        error: errorMessage(err),
      });
      return false;
    }
    this.tasks.start(
      table,
      () =>
        new TableTask(table, {
          config,
          dynamodb: this.clients.dynamodb,
          streams: this.clients.streams,
          replicas: this.clients.replicas,
          kafka: this.clients.kafka,
          offsets,
          logger: this.logger,
          metrics: this.metrics,
        }),
      signal,
    );
    return true;
  }
}

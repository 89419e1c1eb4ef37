import { assumeRolesAtStart } from '../aws/roles-at-start.js';
import type { Clients } from '../cli/clients.js';
import type { Config } from '../config/load.js';
import type { TopicAdmin } from '../kafka/topic-admin.js';
import type { Logger } from '../observability/logger.js';
import { type RetryOptions, retry, sleep } from '../retry.js';

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * The first steps of a start: the roles assumed, Kafka reached, the offsets topic there.
 * Kafka may not be up yet: it is waited for (kafka.retryTimeoutMs) rather than exit at once
 * (DESIGN §9); a wrong password or certificate is not retried and ends the start at once.
 * Returns the cluster id (null when the signal aborted first) and the retry policy the later
 * start-up reads use.
 */
export async function kafkaAtStart(
  deps: { config: Config; clients: Clients; admin: TopicAdmin; logger: Logger },
  signal: AbortSignal,
): Promise<{ clusterId: string | null; startRetry: RetryOptions }> {
  const { config, clients, admin, logger } = deps;
  const onRetry = ({ delayMs, message }: { delayMs: number; message: string }) =>
    logger.warn('kafka not ready, retrying', { delayMs, error: message });
  const startRetry = { ...BACKOFF, signal, onRetry, giveUpAfterMs: config.kafka.retryTimeoutMs };
  await assumeRolesAtStart(clients.roles, { logger, signal, sleep });
  if (signal.aborted) return { clusterId: null, startRetry };
  const cluster = await retry(() => admin.describeCluster(), startRetry, { sleep });
  await retry(
    () =>
      admin.ensureTopic({
        topic: config.kafka.offsetsTopic,
        partitions: 1,
        replicationFactor: config.kafka.replicationFactor,
        configs: { 'cleanup.policy': 'compact' },
      }),
    startRetry,
    { sleep },
  );
  return { clusterId: cluster.clusterId ?? null, startRetry };
}

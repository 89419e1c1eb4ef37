import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import { awsCredentials } from '../aws/credentials.js';
import { loadConfig } from '../config/load.js';
import { CapacityLimiter } from '../dynamodb/capacity-limiter.js';
import type { JsonRpc } from '../dynamodb/json-rpc.js';
import { isRetriable } from '../errors.js';
import { createKafkaClient } from '../kafka/kafka-client.js';
import { createLogger } from '../observability/logger.js';
import { checkTarget } from '../replicate/check-target.js';
import { ConditionalWriter } from '../replicate/conditional-writer.js';
import type { KeyType } from '../replicate/json-attributes.js';
import { startMetricsServer } from '../replicate/metrics-server.js';
import { runReplicate } from '../replicate/replicate-loop.js';
import { createReplicateMetrics } from '../replicate/replicate-metrics.js';
import { retry, sleep } from '../retry.js';
import { formatReport, type WireScanOutput } from '../verify/verify-table.js';
import { awsClientConfig, rpcClients } from './aws-config.js';
import { type Flags, replicateFlags } from './replicate-flags.js';
import { onShutdownSignals } from './shutdown-signals.js';

/** Fetch answers: back within 500 ms when idle (a prompt stop), up to 1 MB per partition. */
const FETCH = { maxWaitMs: 500, maxFetchBytes: 1024 * 1024 };
/** Reaching DynamoDB and Kafka at the start: an outage is waited out, with a warning. */
const START_BACKOFF = { initialMs: 500, maxMs: 10_000 };

/** Key attributes of the target, hash first, with their types; undefined when it is missing. */
async function keySchema(
  rpc: JsonRpc,
  table: string,
): Promise<{ name: string; type: KeyType }[] | undefined> {
  let described: DescribeTableCommandOutput;
  try {
    described = await rpc.json<DescribeTableCommandOutput>('DescribeTable', { TableName: table });
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
  const t = described.Table;
  const types = new Map(t?.AttributeDefinitions?.map((d) => [d.AttributeName, d.AttributeType]));
  return ['HASH', 'RANGE'].flatMap((kind) =>
    (t?.KeySchema ?? [])
      .filter((k) => k.KeyType === kind)
      .map((k) => ({
        name: k.AttributeName as string,
        type: types.get(k.AttributeName) as KeyType,
      })),
  );
}

/**
 * `replicate --config <file> --table <source> --to <target>`: applies the source table's topic
 * to the target table until SIGINT/SIGTERM (docs/REPLICATE.md). `--check` compares instead.
 */
export async function replicateCommand(args: string[]): Promise<number> {
  const flags = replicateFlags(args);
  const config = loadConfig(flags.config);
  const logger = createLogger({
    level: flags.check ? 'warn' : config.log.level,
    format: flags.check ? 'pretty' : (config.log.format as 'json' | 'pretty'),
    connector: config.name,
  }).child({ table: flags.table, target: flags.to });
  const credentials = awsCredentials(config);
  const aws = {
    ...awsClientConfig(config, credentials.dynamodb),
    region: flags.region ?? config.aws.region,
    endpoint: flags.endpoint ?? config.aws.endpoint ?? undefined,
  };
  const rpc = rpcClients(aws);
  const kafka = createKafkaClient(config.kafka, {
    awsCredentials: credentials.dynamodb,
    awsRegion: config.aws.region,
    logger,
  });
  const topic = `${config.kafka.topicPrefix}${flags.table}`;
  const { versionAttribute } = config.replicate;
  const format = config.output.format as 'envelope' | 'new_image';
  try {
    const keys = await retry(
      () => keySchema(rpc.dynamodb, flags.to),
      {
        ...START_BACKOFF,
        onRetry: ({ delayMs, message }) =>
          logger.warn('describing the target failed, retrying', { delayMs, error: message }),
      },
      { sleep },
    );
    if (!keys) {
      console.error(`replicate: target table ${flags.to} not found (${aws.region})`);
      return 1;
    }
    if (flags.check) {
      const report = await checkTarget(
        {
          scan: (input) => rpc.dynamodb.json<WireScanOutput>('Scan', input),
          kafka,
        },
        { target: flags.to, topic, keyNames: keys.map((k) => k.name), format, versionAttribute },
      );
      for (const line of formatReport(report)) console.log(line);
      return report.equal ? 0 : 1;
    }
    return await replicate(config, flags, { rpc: rpc.dynamodb, kafka, logger, keys, topic });
  } finally {
    rpc.dynamodb.close();
    rpc.streams.close();
  }
}

async function replicate(
  config: ReturnType<typeof loadConfig>,
  flags: Flags,
  deps: {
    rpc: JsonRpc;
    kafka: ReturnType<typeof createKafkaClient>;
    logger: ReturnType<typeof createLogger>;
    keys: { name: string; type: KeyType }[];
    topic: string;
  },
): Promise<number> {
  const { logger } = deps;
  const settings = config.replicate;
  const groupId = settings.groupId ?? `${config.name}-replicate-${flags.table}-to-${flags.to}`;
  const stop = new AbortController();
  const removeSignals = onShutdownSignals(stop, {
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    unfinished: 'writes',
  });
  const metrics = createReplicateMetrics({
    connector: config.name,
    table: flags.table,
    target: flags.to,
  });
  const http = config.http.enabled
    ? await startMetricsServer(
        { host: config.http.host, port: settings.httpPort ?? config.http.port },
        metrics,
        logger,
      )
    : undefined;
  const consumer = deps.kafka.groupConsumer(
    {
      groupId,
      topic: deps.topic,
      sessionTimeoutMs: config.worker.sessionTimeoutMs,
      heartbeatIntervalMs: config.worker.heartbeatIntervalMs,
      ...FETCH,
    },
    logger,
  );
  const writer = new ConditionalWriter(
    {
      api: deps.rpc,
      logger,
      metrics,
      sleep,
      limiter: new CapacityLimiter(settings.maxWritesPerSecond || null, Date.now),
    },
    { table: flags.table, target: flags.to, versionAttribute: settings.versionAttribute },
  );
  try {
    await retry(
      () => consumer.join(),
      {
        ...START_BACKOFF,
        signal: stop.signal,
        onRetry: ({ delayMs, message }) =>
          logger.warn('joining the consumer group failed, retrying', { delayMs, error: message }),
      },
      { sleep },
    );
    logger.info('replicate started', {
      topic: deps.topic,
      groupId,
      versionAttribute: settings.versionAttribute,
      maxWritesPerSecond: settings.maxWritesPerSecond,
    });
    await runReplicate(
      { consumer, write: (plan) => writer.write(plan), logger, metrics, sleep, now: Date.now },
      {
        table: flags.table,
        format: config.output.format as 'envelope' | 'new_image',
        keySchema: deps.keys,
        versionAttribute: settings.versionAttribute,
        concurrency: settings.concurrency,
        progressIntervalMs: settings.progressIntervalMs,
      },
      stop.signal,
    );
    return 0;
  } catch (err) {
    // Stopped while still waiting for Kafka at the start: nothing was read, a clean stop.
    if (stop.signal.aborted && isRetriable(err)) return 0;
    logger.error('replicate failed', { error: (err as Error).message });
    throw err;
  } finally {
    await consumer.close();
    await http?.close();
    removeSignals();
  }
}

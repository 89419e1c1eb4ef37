import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Config } from '../config/load.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ScanFn } from './init-sync.js';
import type { StreamsApi } from './stream-positions.js';

/** The subset of DynamoDB the task uses. */
export interface DynamoDbApi {
  describeTable(table: string): Promise<DescribeTableCommandOutput | undefined>;
  scan: ScanFn;
}

/** One region's replica of a table: its DynamoDB and DynamoDB Streams. */
export interface RegionApi {
  dynamodb: DynamoDbApi;
  streams: StreamsApi;
}

export interface TableTaskDeps {
  config: Config;
  /** Home (aws.region). */
  dynamodb: DynamoDbApi;
  streams: StreamsApi;
  /** Global tables: the other regions of aws.regions. */
  replicas?: ReadonlyMap<string, RegionApi>;
  kafka: KafkaClient;
  offsets: OffsetStore;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';
import type {
  DescribeStreamCommandOutput,
  GetShardIteratorCommandOutput,
} from '@aws-sdk/client-dynamodb-streams';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { type AssumedRole, awsCredentials } from '../aws/credentials.js';
import type { Config } from '../config/load.js';
import type { TaggingApi } from '../discovery/discover.js';
import { createKafkaClient, type KafkaClient } from '../kafka/kafka-client.js';
import type { Logger } from '../observability/logger.js';
import type { StreamsApi } from '../task/stream-positions.js';
import type { DynamoDbApi } from '../task/task-deps.js';
import type { VerifyScan, WireScanOutput } from '../verify/verify-table.js';
import { type AwsClientConfig, awsClientConfig, rpcClients } from './aws-config.js';
import { ReadThread } from './read-thread.js';
import { withoutSdkLogging } from './sdk-logging.js';

/** One region's DynamoDB and DynamoDB Streams. */
export interface RegionClients {
  dynamodb: DynamoDbApi;
  /** verify's Scan: strongly consistent, answers JSON.parse'd, not read by the wire reader. */
  verifyScan: VerifyScan;
  streams: StreamsApi;
}

/** The composition root's clients: the only place they are created. */
export interface Clients extends RegionClients {
  /** Global tables: the regions of aws.regions other than home (aws.region). */
  replicas: ReadonlyMap<string, RegionClients>;
  tagging: TaggingApi;
  kafka: KafkaClient;
  /** The roles the credentials assume, for the start to obtain first (aws/roles-at-start.ts). */
  roles: readonly AssumedRole[];
  /** Stops the read thread. */
  close(): Promise<void>;
}

export function createClients(config: Config, logger: Logger): Clients {
  // One credential chain for the AWS clients here, and for Kafka when it authenticates with IAM
  // (the read thread builds its own: one role session per thread).
  const credentials = awsCredentials(config);
  const aws = awsClientConfig(config, credentials.dynamodb);
  const home = regionClients(config, aws);
  const replicas = new Map(
    config.aws.regions
      .filter((region) => region !== config.aws.region)
      .map((region) => {
        const endpoint = config.aws.regionEndpoints[region] ?? null;
        const regional = { ...config, aws: { ...config.aws, region, endpoint } };
        return [
          region,
          regionClients(regional, { ...aws, region, endpoint: endpoint ?? undefined }),
        ];
      }),
  );
  const taggingClient = withoutSdkLogging(
    new ResourceGroupsTaggingAPIClient({
      ...aws,
      credentials: credentials.tagging,
      endpoint: config.aws.taggingEndpoint ?? undefined,
    }),
  );
  const kafka = createKafkaClient(config.kafka, {
    awsCredentials: aws.credentials,
    awsRegion: config.aws.region,
    logger,
  });
  return {
    ...home,
    replicas,
    tagging: { getResources: (input) => taggingClient.send(new GetResourcesCommand(input)) },
    kafka,
    roles: credentials.roles,
    close: async () => {
      await Promise.all([home, ...replicas.values()].map((c) => c.close()));
    },
  };
}

/**
 * One region's callers: the connector's own calls over DynamoDB's JSON protocol directly
 * (json-rpc.ts), the bulk reads (Scan, GetRecords) on a thread of their own (read-thread.ts).
 */
function regionClients(
  config: Config,
  aws: AwsClientConfig,
): RegionClients & { close(): Promise<void> } {
  const rpc = rpcClients(aws);
  const reader = new ReadThread(config);
  return {
    verifyScan: (input) => rpc.dynamodb.json<WireScanOutput>('Scan', input),
    dynamodb: {
      describeTable: async (table) => {
        try {
          return await rpc.dynamodb.json<DescribeTableCommandOutput>('DescribeTable', {
            TableName: table,
          });
        } catch (err) {
          if ((err as Error).name === 'ResourceNotFoundException') return undefined;
          throw err;
        }
      },
      scan: (input, keyNames, readAhead) => reader.scan(input, keyNames, readAhead),
    },
    streams: {
      describeStream: (input) =>
        rpc.streams.json<DescribeStreamCommandOutput>('DescribeStream', input),
      getShardIterator: (input) =>
        rpc.streams.json<GetShardIteratorCommandOutput>('GetShardIterator', input),
      getRecords: (iterator, keyNames, readAhead) =>
        reader.getRecords(iterator, keyNames, readAhead),
    },
    close: async () => {
      rpc.dynamodb.close();
      rpc.streams.close();
      await reader.close();
    },
  };
}

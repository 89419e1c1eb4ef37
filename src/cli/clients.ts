import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Config } from '../config/load.js';
import type { TaggingApi } from '../discovery/discover.js';
import { createRawScanClient, createRawStreamsClient, rawBody } from '../dynamodb/raw-responses.js';
import { readRecordsPage, readScanPage } from '../dynamodb/wire-pages.js';
import { createKafkaClient, type KafkaClient } from '../kafka/kafka-client.js';
import type { Logger } from '../observability/logger.js';
import type { StreamsApi } from '../task/stream-sync.js';
import type { DynamoDbApi } from '../task/table-task.js';
import { withoutSdkLogging } from './sdk-logging.js';

/** The composition root's clients: the only place they are created. */
export interface Clients {
  dynamodb: DynamoDbApi;
  dynamodbClient: DynamoDBClient;
  streams: StreamsApi;
  tagging: TaggingApi;
  kafka: KafkaClient;
}

export function createClients(config: Config, logger: Logger): Clients {
  const { accessKeyId, secretAccessKey } = config.aws;
  // One credential chain for every AWS client, and for Kafka when it authenticates with IAM.
  const credentials =
    accessKeyId && secretAccessKey
      ? async () => ({
          accessKeyId: accessKeyId as string,
          secretAccessKey: secretAccessKey as string,
        })
      : fromNodeProviderChain();
  const aws = {
    region: config.aws.region,
    endpoint: config.aws.endpoint ?? undefined,
    credentials,
  };
  const dynamodbClient = withoutSdkLogging(new DynamoDBClient(aws));
  // Scan and GetRecords answers go to the wire reader as bytes (raw-responses.ts).
  const scanClient = withoutSdkLogging(createRawScanClient(aws));
  const streamsClient = withoutSdkLogging(createRawStreamsClient(aws));
  const taggingClient = withoutSdkLogging(
    new ResourceGroupsTaggingAPIClient({
      ...aws,
      endpoint: config.aws.taggingEndpoint ?? undefined,
    }),
  );
  const kafka = createKafkaClient(config.kafka, {
    awsCredentials: credentials,
    awsRegion: config.aws.region,
    logger,
  });
  return {
    dynamodbClient,
    dynamodb: {
      describeTable: async (table) => {
        try {
          return await dynamodbClient.send(new DescribeTableCommand({ TableName: table }));
        } catch (err) {
          if ((err as Error).name === 'ResourceNotFoundException') return undefined;
          throw err;
        }
      },
      scan: async (input, keyNames) =>
        readScanPage(rawBody(await scanClient.send(new ScanCommand(input))), keyNames),
    },
    streams: {
      describeStream: (input) => streamsClient.send(new DescribeStreamCommand(input)),
      getShardIterator: (input) => streamsClient.send(new GetShardIteratorCommand(input)),
      getRecords: async (ShardIterator, keyNames) =>
        readRecordsPage(
          rawBody(await streamsClient.send(new GetRecordsCommand({ ShardIterator }))),
          keyNames,
        ),
    },
    tagging: { getResources: (input) => taggingClient.send(new GetResourcesCommand(input)) },
    kafka,
  };
}

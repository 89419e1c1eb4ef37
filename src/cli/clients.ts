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
import { Kafka, logLevel } from 'kafkajs';
import type { Config } from '../config/load.js';
import type { TaggingApi } from '../discovery/discover.js';
import { createStreamsClient } from '../dynamodb/streams-codec.js';
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
  kafka: Kafka;
}

// kafkajs logs retriable broker answers at ERROR; failures that matter reach the connector as
// thrown errors and are logged there, so kafkajs' own lines are one level lower.
const KAFKA_LEVELS: Record<number, string> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

export function createClients(config: Config, logger: Logger): Clients {
  const aws = {
    region: config.aws.region,
    endpoint: config.aws.endpoint ?? undefined,
    credentials:
      config.aws.accessKeyId && config.aws.secretAccessKey
        ? {
            accessKeyId: config.aws.accessKeyId as string,
            secretAccessKey: config.aws.secretAccessKey as string,
          }
        : undefined,
  };
  const dynamodbClient = withoutSdkLogging(new DynamoDBClient(aws));
  const streamsClient = withoutSdkLogging(createStreamsClient(aws));
  const taggingClient = withoutSdkLogging(
    new ResourceGroupsTaggingAPIClient({
      ...aws,
      endpoint: config.aws.taggingEndpoint ?? undefined,
    }),
  );
  const kafkaLog = logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: config.kafka.clientId,
    brokers: config.kafka.brokers,
    logLevel: logLevel.WARN,
    // kafkajs' own retries cover short blips in admin and consumer calls; the connector's
    // retry helper covers the rest. Producers override this (see table-task).
    retry: { retries: 5, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...rest } = log;
        kafkaLog.log(KAFKA_LEVELS[level] ?? 'debug', `kafka: ${message}`, rest);
      },
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
      scan: (input) => dynamodbClient.send(new ScanCommand(input)),
    },
    streams: {
      describeStream: (input) => streamsClient.send(new DescribeStreamCommand(input)),
      getShardIterator: (input) => streamsClient.send(new GetShardIteratorCommand(input)),
      getRecords: (input) => streamsClient.send(new GetRecordsCommand(input)),
    },
    tagging: { getResources: (input) => taggingClient.send(new GetResourcesCommand(input)) },
    kafka,
  };
}

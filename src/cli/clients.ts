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
import { createStreamsClient } from '../dynamodb/streams-codec.js';
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
  const streamsClient = withoutSdkLogging(createStreamsClient(aws));
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

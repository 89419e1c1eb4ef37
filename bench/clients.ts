import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { StackEndpoints } from '../scripts/local-stack/settings.js';
import { withoutSdkLogging } from '../src/cli/sdk-logging.js';
import { schema } from '../src/config/schema.js';
import { createStreamsClient } from '../src/dynamodb/streams-codec.js';
import { type KafkaClient, plainKafkaClient } from '../src/kafka/kafka-client.js';
import type { Compression } from '../src/kafka/record-producer.js';

/**
 * The bench's own clients, built the way the connector builds its own (src/cli/clients.ts), so
 * a ceiling measured with them differs from the connector only in what the connector adds.
 * Fixed credentials: DynamoDB Local accepts any, and the bench must not depend on ~/.aws.
 */
export interface BenchClients {
  endpoints: StackEndpoints;
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  /** The connector's Kafka layer with its default compression. */
  kafka: KafkaClient;
}

export const REGION = 'us-east-1';
/** A fresh object each time: the SDK marks the credentials object it is given as its own. */
export const credentials = () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });

export function createClients(
  endpoints: StackEndpoints,
  compression = schema.kafka.compression.default as Compression,
): BenchClients {
  const aws = { region: REGION, endpoint: endpoints.dynamodbEndpoint, credentials: credentials() };
  return {
    endpoints,
    dynamodb: withoutSdkLogging(new DynamoDBClient(aws)),
    streams: withoutSdkLogging(createStreamsClient(aws)),
    kafka: plainKafkaClient(endpoints.kafkaBrokers.split(','), 'bench', compression),
  };
}

export function destroyClients(c: BenchClients): void {
  c.dynamodb.destroy();
  c.streams.destroy();
}

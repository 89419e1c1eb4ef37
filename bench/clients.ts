import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { StackEndpoints } from '../scripts/local-stack/settings.js';
import { withoutSdkLogging } from '../src/cli/sdk-logging.js';
import { schema } from '../src/config/schema.js';
import { createRawScanClient, createRawStreamsClient } from '../src/dynamodb/raw-responses.js';
import { type KafkaClient, plainKafkaClient } from '../src/kafka/kafka-client.js';
import type { Compression } from '../src/kafka/record-producer.js';

/**
 * The bench's own clients, built the way the connector builds its own (src/cli/clients.ts), so
 * a ceiling measured with them differs from the connector only in what the connector adds.
 * Fixed credentials: DynamoDB Local accepts any, and the bench must not depend on ~/.aws.
 */
export interface BenchClients {
  endpoints: StackEndpoints;
  /** For loading, describing and deleting tables (answers decoded as usual). */
  dynamodb: DynamoDBClient;
  /** The connector's scan client: Scan answers as raw bodies for the wire reader. */
  scan: DynamoDBClient;
  /** The connector's streams client: GetRecords answers as raw bodies for the wire reader. */
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
    scan: withoutSdkLogging(createRawScanClient(aws)),
    streams: withoutSdkLogging(createRawStreamsClient(aws)),
    kafka: plainKafkaClient(endpoints.kafkaBrokers.split(','), 'bench', compression),
  };
}

export function destroyClients(c: BenchClients): void {
  c.dynamodb.destroy();
  c.scan.destroy();
  c.streams.destroy();
}

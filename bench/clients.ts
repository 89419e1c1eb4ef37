import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { StackEndpoints } from '../scripts/local-stack/settings.js';
import { withoutSdkLogging } from '../src/cli/sdk-logging.js';
import { schema } from '../src/config/schema.js';
import { JsonRpc } from '../src/dynamodb/json-rpc.js';
import { type KafkaClient, plainKafkaClient } from '../src/kafka/kafka-client.js';
import type { Compression } from '../src/kafka/record-producer.js';

/**
 * The bench's own clients, built the way the connector builds its own (src/cli/clients.ts), so
 * a ceiling measured with them differs from the connector only in what the connector adds.
 * Fixed credentials: DynamoDB Local accepts any, and the bench must not depend on ~/.aws.
 */
export interface BenchClients {
  endpoints: StackEndpoints;
  /** For loading, describing and deleting tables. */
  dynamodb: DynamoDBClient;
  /** For DescribeStream and GetShardIterator. */
  streams: DynamoDBStreamsClient;
  /** The connector's own Scan and GetRecords callers (answers as bytes for the wire reader). */
  rpc: { dynamodb: JsonRpc; streams: JsonRpc };
  /** The connector's Kafka layer with its default compression. */
  kafka: KafkaClient;
}

export const REGION = 'us-east-1';
/** A fresh object each time: the SDK marks the credentials object it is given as its own. */
export const credentials = () => ({ accessKeyId: 'bench', secretAccessKey: 'bench' });

export function createClients(
  endpoints: StackEndpoints,
  compression: Compression = schema.kafka.compression.default as Compression,
): BenchClients {
  const aws = { region: REGION, endpoint: endpoints.dynamodbEndpoint, credentials: credentials() };
  const endpoint = new URL(endpoints.dynamodbEndpoint);
  return {
    endpoints,
    dynamodb: withoutSdkLogging(new DynamoDBClient(aws)),
    streams: withoutSdkLogging(new DynamoDBStreamsClient(aws)),
    rpc: {
      dynamodb: new JsonRpc(endpoint, 'DynamoDB_20120810', REGION, async () => credentials()),
      streams: new JsonRpc(endpoint, 'DynamoDBStreams_20120810', REGION, async () => credentials()),
    },
    kafka: plainKafkaClient(endpoints.kafkaBrokers.split(','), 'bench', compression),
  };
}

export function destroyClients(c: BenchClients): void {
  c.dynamodb.destroy();
  c.streams.destroy();
  c.rpc.dynamodb.close();
  c.rpc.streams.close();
}

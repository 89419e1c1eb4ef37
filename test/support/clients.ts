import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { inject } from 'vitest';
import { JsonRpc } from '../../src/dynamodb/json-rpc.js';
import { type KafkaClient, plainKafkaClient } from '../../src/kafka/kafka-client.js';

// Local servers accept any credentials; fixed ones keep the tests independent of ~/.aws.
const aws = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

export const endpoints = () => inject('endpoints');

export const dynamodb = () =>
  new DynamoDBClient({ ...aws, endpoint: endpoints().dynamodbEndpoint });

export const streams = () =>
  new DynamoDBStreamsClient({ ...aws, endpoint: endpoints().dynamodbEndpoint });

/** moto serves both the Tagging API and a DynamoDB of its own, whose tables it can tag. */
export const tagging = () =>
  new ResourceGroupsTaggingAPIClient({ ...aws, endpoint: endpoints().taggingEndpoint });

export const motoDynamodb = () =>
  new DynamoDBClient({ ...aws, endpoint: endpoints().taggingEndpoint });

/** The connector's own Kafka layer on the plaintext listener: tests read and write as it does. */
export const kafka = (clientId = 'test'): KafkaClient =>
  plainKafkaClient(endpoints().kafkaBrokers.split(','), clientId);

/**
 * DynamoDB's JSON protocol without the SDK's marshalling, for items the SDK cannot carry whole
 * (an attribute named `__proto__`): the body is written as JSON.stringify writes it.
 */
export const dynamodbRpc = () =>
  new JsonRpc(
    new URL(endpoints().dynamodbEndpoint),
    'DynamoDB_20120810',
    aws.region,
    async () => aws.credentials,
  );

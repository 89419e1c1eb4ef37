import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Kafka, logLevel } from 'kafkajs';
import { inject } from 'vitest';

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

export const kafka = (clientId = 'test') =>
  new Kafka({
    clientId,
    brokers: endpoints().kafkaBrokers.split(','),
    // Retriable broker errors (coordinator loading) are logged at ERROR by kafkajs; a real failure
    // surfaces as the thrown error instead.
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 100 },
  });

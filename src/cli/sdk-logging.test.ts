import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { withoutSdkLogging } from './sdk-logging.js';

const hasLogger = (c: { middlewareStack: { identify(): string[] } }) =>
  c.middlewareStack.identify().some((m) => m.startsWith('loggerMiddleware'));

describe('withoutSdkLogging', () => {
  it.each([
    ['DynamoDB', () => new DynamoDBClient({ region: 'us-east-1' })],
    ['DynamoDB Streams', () => new DynamoDBStreamsClient({ region: 'us-east-1' })],
  ])('removes the logger middleware from a %s client', (_name, make) => {
    const client = make();
    expect(hasLogger(client)).toBe(true);
    expect(hasLogger(withoutSdkLogging(client))).toBe(false);
    client.destroy();
  });
});

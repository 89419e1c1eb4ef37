import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { createRawScanClient, createRawStreamsClient, rawBody } from './raw-responses.js';

/** A client answering every call with `body` (and `status`), as DynamoDB would over HTTP. */
function config(body: string, status = 200) {
  return {
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: new TextEncoder().encode(body),
        },
      }),
    },
  };
}

const SCAN = '{"Count":1,"Items":[{"pk":{"S":"a"},"b":{"B":"aGk="}}],"ScannedCount":1}';
const RECORDS = '{"NextShardIterator":"n","Records":[]}';

describe('raw answers', () => {
  it('hands over the Scan and GetRecords bodies byte for byte', async () => {
    const dynamodb = createRawScanClient(config(SCAN));
    const streams = createRawStreamsClient(config(RECORDS));
    try {
      expect(rawBody(await dynamodb.send(new ScanCommand({ TableName: 't' }))).toString()).toBe(
        SCAN,
      );
      expect(
        rawBody(await streams.send(new GetRecordsCommand({ ShardIterator: 'i' }))).toString(),
      ).toBe(RECORDS);
    } finally {
      dynamodb.destroy();
      streams.destroy();
    }
  });

  it('decodes every other answer as the SDK does', async () => {
    const dynamodb = createRawScanClient(
      config('{"Table":{"TableName":"t","ItemCount":3,"CreationDateTime":1700000000}}'),
    );
    const streams = createRawStreamsClient(
      config('{"StreamDescription":{"StreamArn":"arn","Shards":[{"ShardId":"s1"}]}}'),
    );
    try {
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: 't' }));
      expect(table.Table).toMatchObject({ TableName: 't', ItemCount: 3 });
      expect(table.Table?.CreationDateTime).toEqual(new Date(1_700_000_000_000));
      const stream = await streams.send(new DescribeStreamCommand({ StreamArn: 'arn' }));
      expect(stream.StreamDescription?.Shards).toEqual([{ ShardId: 's1' }]);
    } finally {
      dynamodb.destroy();
      streams.destroy();
    }
  });

  it.each([
    ['ProvisionedThroughputExceededException', 'scan'],
    ['ExpiredIteratorException', 'records'],
    ['TrimmedDataAccessException', 'records'],
  ])('keeps the SDK error types: %s', async (name, call) => {
    const body = JSON.stringify({
      __type: `com.amazonaws.dynamodb.v20120810#${name}`,
      message: 'm',
    });
    const failing =
      call === 'scan'
        ? createRawScanClient(config(body, 400)).send(new ScanCommand({ TableName: 't' }))
        : createRawStreamsClient(config(body, 400)).send(
            new GetRecordsCommand({ ShardIterator: 'i' }),
          );
    await expect(failing).rejects.toMatchObject({ name, message: 'm' });
  });
});

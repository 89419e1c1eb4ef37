import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { createStreamsClient } from './streams-codec.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A GetRecords answer as DynamoDB Streams sends it: every AttributeValue shape, nested. */
const IMAGE = {
  pk: { S: 'order#1' },
  n: { N: '12345678901234567890123456789012345678' },
  bin: { B: b64('hi') },
  flag: { BOOL: false },
  nothing: { NULL: true },
  tags: { SS: ['a', 'b'] },
  nums: { NS: ['1', '0.10'] },
  blobs: { BS: [b64('x'), b64('yz')] },
  doc: {
    M: {
      list: { L: [{ N: '1' }, { B: b64('deep') }, { M: { inner: { BS: [b64('q')] } } }] },
      empty: { M: {} },
    },
  },
};
const BODY = JSON.stringify({
  NextShardIterator: 'next-iterator',
  Records: [
    {
      awsRegion: 'us-east-1',
      eventID: 'e1',
      eventName: 'MODIFY',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      dynamodb: {
        ApproximateCreationDateTime: 1_763_856_000.5,
        Keys: { pk: { S: 'order#1' } },
        NewImage: IMAGE,
        OldImage: { pk: { S: 'order#1' }, bin: { B: b64('old') } },
        SequenceNumber: '000000000000000000001',
        SizeBytes: 321,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
    },
    {
      eventID: 'e2',
      eventName: 'REMOVE',
      dynamodb: { Keys: { pk: { S: 'order#2' } }, SequenceNumber: '000000000000000000002' },
    },
  ],
});

/** Decodes `body` (with `status`) as a Streams client would: ours, or the SDK's default. */
async function decode(ours: boolean, body = BODY, status = 200) {
  const config = {
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
  const client = ours ? createStreamsClient(config) : new DynamoDBStreamsClient(config);
  try {
    const { $metadata: _, ...out } = await client.send(
      new GetRecordsCommand({ ShardIterator: 'i' }),
    );
    return out;
  } finally {
    client.destroy();
  }
}

describe('createStreamsClient (StreamsJsonCodec)', () => {
  it('decodes a GetRecords answer exactly as the SDK default does', async () => {
    const ours = await decode(true);
    expect(ours).toEqual(await decode(false));
    // The parts the hand-written path converts, checked directly too.
    const image = ours.Records?.[0]?.dynamodb?.NewImage;
    expect(image?.bin?.B).toEqual(new TextEncoder().encode('hi'));
    expect(image?.doc?.M?.list?.L?.[1]?.B).toEqual(new TextEncoder().encode('deep'));
    expect(image?.doc?.M?.list?.L?.[2]?.M?.inner?.BS?.[0]).toEqual(new TextEncoder().encode('q'));
    expect(image?.n?.N).toBe('12345678901234567890123456789012345678');
    expect(ours.Records?.[0]?.dynamodb?.ApproximateCreationDateTime).toEqual(
      new Date(1_763_856_000_500),
    );
  });

  it('takes its own path for AttributeValues: an unknown member passes as sent', async () => {
    const body = JSON.stringify({
      Records: [{ dynamodb: { Keys: { pk: { FUTURE: 'x' } } } }],
    });
    const keys = (out: Awaited<ReturnType<typeof decode>>) => out.Records?.[0]?.dynamodb?.Keys;
    // The SDK's generic walk wraps it as { $unknown: [name, value] }; either way the connector
    // refuses the record loudly (attribute-json), so the difference only shows which path ran.
    expect(keys(await decode(false, body))).toEqual({ pk: { $unknown: ['FUTURE', 'x'] } });
    expect(keys(await decode(true, body))).toEqual({ pk: { FUTURE: 'x' } });
  });

  it.each(['ExpiredIteratorException', 'TrimmedDataAccessException', 'ResourceNotFoundException'])(
    'keeps the SDK error types: %s',
    async (name) => {
      const body = JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${name}`,
        message: 'm',
      });
      await expect(decode(true, body, 400)).rejects.toMatchObject({ name, message: 'm' });
    },
  );
});

import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

/** Every shard of a stream, parents listed before children, and the DescribeStream calls it took. */
export async function listShards(
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<{ shards: Shard[]; calls: number }> {
  const shards: Shard[] = [];
  let calls = 0;
  let start: string | undefined;
  do {
    const out = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    calls += 1;
    shards.push(...(out.StreamDescription?.Shards ?? []));
    start = out.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return { shards, calls };
}

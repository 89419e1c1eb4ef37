import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { listShards } from './stream-shards.js';

export interface RawDrainResult {
  records: number;
  calls: number;
  ms: number;
}

/**
 * Ceiling for SYNC: a bare loop over DescribeStream / GetShardIterator(TRIM_HORIZON) /
 * GetRecords reading every record of the stream, doing nothing with them. Shards are read one
 * after another in listed order (parents are listed first); a shard is done at its first empty
 * page (DynamoDB Local's open shard, drained) or when it is closed.
 */
export async function rawDrain(
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<RawDrainResult> {
  const started = performance.now();
  const listed = await listShards(client, streamArn);
  let calls = listed.calls;
  let records = 0;
  for (const shard of listed.shards) {
    const it = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    calls += 1;
    let iterator = it.ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
      calls += 1;
      const n = page.Records?.length ?? 0;
      records += n;
      if (n === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return { records, calls, ms: performance.now() - started };
}

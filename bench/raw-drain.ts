import {
  type DynamoDBStreamsClient,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { JsonRpc } from '../src/dynamodb/json-rpc.js';
import { readRecordsPage } from '../src/dynamodb/wire-pages.js';
import { KEY_NAMES } from './items.js';
import { listShards } from './stream-shards.js';

export interface RawDrainResult {
  records: number;
  calls: number;
  ms: number;
}

/**
 * Ceiling for SYNC: a bare loop over DescribeStream / GetShardIterator(TRIM_HORIZON) /
 * GetRecords reading every record of the stream with the connector's client and wire reader,
 * doing nothing with them. Shards are read one
 * after another in listed order (parents are listed first); a shard is done at its first empty
 * page (DynamoDB Local's open shard, drained) or when it is closed.
 */
export async function rawDrain(
  client: DynamoDBStreamsClient,
  rpc: JsonRpc,
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
      const page = readRecordsPage(
        await rpc.call('GetRecords', { ShardIterator: iterator }),
        KEY_NAMES,
      );
      calls += 1;
      const n = page.records.length;
      records += n;
      if (n === 0) break;
      iterator = page.nextShardIterator;
    }
  }
  return { records, calls, ms: performance.now() - started };
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { streams } from './clients.js';

async function allShards(streamArn: string, client = streams()): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const out = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    shards.push(...(out.StreamDescription?.Shards ?? []));
    start = out.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
}

/**
 * Reads a stream from TRIM_HORIZON, every shard, until `minRecords` records were seen or the
 * time is up. A test helper, independent of the connector's own stream reader, so it can
 * check that reader.
 */
export async function readStream(
  streamArn: string,
  opts: { minRecords: number; timeoutMs?: number },
): Promise<_Record[]> {
  const client = streams();
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const records: _Record[] = [];
    for (const shard of await allShards(streamArn, client)) {
      const it = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      let iterator = it.ShardIterator;
      while (iterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []));
        // An open shard returns an empty page once drained; stop there rather than poll forever.
        if (!page.Records?.length) break;
        iterator = page.NextShardIterator;
      }
    }
    if (records.length >= opts.minRecords) return records;
    if (Date.now() > deadline) {
      throw new Error(`stream had ${records.length} records, expected at least ${opts.minRecords}`);
    }
    await sleep(250);
  }
}

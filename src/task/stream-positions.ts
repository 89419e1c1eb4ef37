import type {
  DescribeStreamCommandInput,
  DescribeStreamCommandOutput,
  GetShardIteratorCommandInput,
  GetShardIteratorCommandOutput,
} from '@aws-sdk/client-dynamodb-streams';
import { mergeShardPages, type ShardInfo } from '../dynamodb/shard-tree.js';
import type { RecordsPage } from '../dynamodb/wire-pages.js';
import { ResyncRequired } from '../errors.js';
import type { TaskRuntime } from './runtime.js';

/** The subset of DynamoDB Streams the reader uses. */
export interface StreamsApi {
  describeStream(input: DescribeStreamCommandInput): Promise<DescribeStreamCommandOutput>;
  getShardIterator(input: GetShardIteratorCommandInput): Promise<GetShardIteratorCommandOutput>;
  /**
   * One GetRecords page, its records' keys and images already as JSON (wire-pages.ts).
   * `readAhead`: while the shard returns records, the next page may be read ahead.
   */
  getRecords(
    shardIterator: string,
    keyNames: readonly string[],
    readAhead: boolean,
  ): Promise<RecordsPage>;
}

/** Data a position needed is gone: trimmed from the shard, or the shard itself has left. */
export const isTrimmed = (err: unknown) =>
  (err as Error)?.name === 'TrimmedDataAccessException' ||
  (err as Error)?.name === 'ResourceNotFoundException';

/** Every shard of the stream, over all DescribeStream pages. */
export async function listStreamShards(
  rt: TaskRuntime,
  api: StreamsApi,
  streamArn: string,
): Promise<ShardInfo[]> {
  const pages: ShardInfo[][] = [];
  let start: string | undefined;
  do {
    const out = await rt.call('describeStream', () =>
      api.describeStream({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    pages.push(
      (out.StreamDescription?.Shards ?? []).map((s) => ({
        shardId: s.ShardId as string,
        parentShardId: s.ParentShardId,
        endingSequenceNumber: s.SequenceNumberRange?.EndingSequenceNumber,
      })),
    );
    start = out.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return mergeShardPages(pages);
}

/**
 * An iterator after `after` (the last delivered record), else at LATEST (a 'latest' start) or
 * TRIM_HORIZON. A stored position whose records are gone asks for a resync.
 */
export async function shardIterator(
  rt: TaskRuntime,
  api: StreamsApi,
  streamArn: string,
  shardId: string,
  after: string | null,
  latest: boolean,
): Promise<string> {
  try {
    const out = await rt.call('getShardIterator', () =>
      api.getShardIterator({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : latest ? 'LATEST' : 'TRIM_HORIZON',
        SequenceNumber: after ?? undefined,
      }),
    );
    if (!out.ShardIterator) throw new Error(`no iterator for shard ${shardId}`);
    return out.ShardIterator;
  } catch (err) {
    if (after && isTrimmed(err)) {
      throw new ResyncRequired(
        'trimmed',
        `shard ${shardId} no longer holds records after ${after}`,
      );
    }
    throw err;
  }
}

import {
  type AttributeValue,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { Region } from './second-region.js';

/** The attribute version 2017.11.29 global tables stamp each item with: where it was written. */
export const UPDATE_REGION = 'aws:rep:updateregion';

type Image = Record<string, AttributeValue>;

/**
 * What DynamoDB's replication does between two replicas of a global table, for tests: every
 * change made in one region (its image's aws:rep:updateregion names that region) is applied to
 * the other, in stream order per shard; changes that arrived by replication are not sent back.
 * The writers must stamp aws:rep:updateregion (as DynamoDB does for 2017.11.29 tables) and write
 * disjoint keys in each region: there is no last-writer-wins here.
 */
export class TestReplicator {
  private readonly stop = new AbortController();
  private readonly loops: Promise<void>[] = [];
  /** Changes applied to the other region. */
  applied = 0;

  constructor(
    private readonly table: string,
    private readonly a: Region,
    private readonly b: Region,
  ) {}

  start(): void {
    this.loops.push(this.follow(this.a, this.b), this.follow(this.b, this.a));
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.loops);
  }

  private async follow(from: Region, to: Region): Promise<void> {
    const described = await from.dynamodb.send(new DescribeTableCommand({ TableName: this.table }));
    const streamArn = described.Table?.LatestStreamArn as string;
    const iterators = new Map<string, string | null>();
    while (!this.stop.signal.aborted) {
      const shards =
        (await from.streams.send(new DescribeStreamCommand({ StreamArn: streamArn })))
          .StreamDescription?.Shards ?? [];
      for (const s of shards) {
        const id = s.ShardId as string;
        if (iterators.has(id)) continue;
        const it = await from.streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: id,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterators.set(id, it.ShardIterator ?? null);
      }
      let got = 0;
      for (const [id, iterator] of iterators) {
        if (!iterator) continue;
        const page = await from.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const r of page.Records ?? []) await this.apply(r, from, to);
        got += page.Records?.length ?? 0;
        iterators.set(id, page.NextShardIterator ?? null);
      }
      if (got === 0) await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async apply(r: _Record, from: Region, to: Region): Promise<void> {
    const d = r.dynamodb ?? {};
    const image = (r.eventName === 'REMOVE' ? d.OldImage : d.NewImage) as Image | undefined;
    // Made here, not replicated in: the only changes to send on.
    if (image?.[UPDATE_REGION]?.S !== from.name) return;
    if (r.eventName === 'REMOVE')
      await to.dynamodb.send(
        new DeleteItemCommand({ TableName: this.table, Key: d.Keys as Image }),
      );
    else await to.dynamodb.send(new PutItemCommand({ TableName: this.table, Item: image }));
    this.applied++;
  }
}

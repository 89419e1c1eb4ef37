import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBStreamsClient,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { JsonRpc } from '../src/dynamodb/json-rpc.js';
import { readRecordsPage, type WireRecord } from '../src/dynamodb/wire-pages.js';
import { KEY_NAMES } from './items.js';
import { listShards } from './stream-shards.js';

const IDLE_POLL_MS = 50;

/**
 * The floor under the connector's latency: a bare GetRecords loop on the same stream, from its
 * end (LATEST), calling `onRecord` when each change becomes readable. Whatever DynamoDB Local
 * adds (its write queue delays GetRecords too) shows here as well as in the connector's figure.
 */
export class StreamWatcher {
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly rpc: JsonRpc,
    private readonly streamArn: string,
    private readonly onRecord: (record: WireRecord, at: number) => void,
  ) {}

  /** Resolves once positioned at the end of every open shard. */
  async start(): Promise<void> {
    const open = (await this.shards()).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber);
    const iterators = await Promise.all(open.map((s) => this.iterator(s, 'LATEST')));
    this.loop = Promise.all(iterators.map((it) => this.follow(it))).then(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async follow(start: string | undefined): Promise<void> {
    let iterator = start;
    while (iterator && !this.stopped) {
      const out = await this.rpc.call('GetRecords', { ShardIterator: iterator });
      const page = readRecordsPage(out, KEY_NAMES);
      const at = performance.now();
      for (const record of page.records) this.onRecord(record, at);
      iterator = page.nextShardIterator;
      if (page.records.length === 0) await sleep(IDLE_POLL_MS);
    }
    // A closed shard: its children carry on (a shard rolls over every few hours at most).
    if (!iterator && !this.stopped) await this.followChildren();
  }

  private async followChildren(): Promise<void> {
    const open = (await this.shards()).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber);
    const iterators = await Promise.all(open.map((s) => this.iterator(s, 'TRIM_HORIZON')));
    await Promise.all(iterators.map((it) => this.follow(it)));
  }

  private async shards(): Promise<Shard[]> {
    return (await listShards(this.client, this.streamArn)).shards;
  }

  private async iterator(shard: Shard, type: 'LATEST' | 'TRIM_HORIZON') {
    const out = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: type,
      }),
    );
    return out.ShardIterator;
  }
}

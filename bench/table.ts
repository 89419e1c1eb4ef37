import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
  type WriteRequest,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { Item } from './items.js';

/** An on-demand table keyed like the bench items (pk S, sk N), without a stream yet. */
export async function createTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });
}

/**
 * DynamoDB Local writes much faster to a table without a stream, so tables are loaded first and
 * the stream (which the connector requires) is turned on afterwards.
 */
export async function enableStream(client: DynamoDBClient, table: string): Promise<string> {
  const out = await client.send(
    new UpdateTableCommand({
      TableName: table,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });
  const arn = out.TableDescription?.LatestStreamArn;
  if (!arn) throw new Error(`${table}: no stream ARN after enabling the stream`);
  return arn;
}

/**
 * One BatchWriteItem of up to 25 puts (or deletes of those keys), re-sending unprocessed items
 * (throttling) until none are left.
 */
export async function writeBatch(
  client: DynamoDBClient,
  table: string,
  items: Item[],
  kind: 'put' | 'delete' = 'put',
): Promise<void> {
  let pending: WriteRequest[] = items.map((Item) =>
    kind === 'put' ? { PutRequest: { Item } } : { DeleteRequest: { Key: Item } },
  );
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
    const out = await client.send(
      new BatchWriteItemCommand({ RequestItems: { [table]: pending } }),
    );
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}

/**
 * Puts `count` items made by `make(i)`, 25 per BatchWriteItem, `lanes` calls in flight: as fast
 * as DynamoDB Local takes them. Items are made per batch, so a million never sit in memory.
 * Resolves with the wall time it took.
 */
export async function putAll(
  client: DynamoDBClient,
  table: string,
  count: number,
  make: (i: number) => Item,
  opts: { lanes?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + 25);
      const batch: Item[] = [];
      for (let i = from; i < next; i++) batch.push(make(i));
      await writeBatch(client, table, batch);
      done += batch.length;
      opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.lanes ?? 8 }, lane));
  return performance.now() - started;
}

/** Turns the stream off: the next one enabled is a new stream (a resync for the connector). */
export async function disableStream(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(
    new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });
}

export async function deleteTable(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: table })).catch(() => {});
}

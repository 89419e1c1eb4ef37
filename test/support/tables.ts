import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  paginateScan,
  type StreamViewType,
  UpdateItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { dynamodb } from './clients.js';

export type Item = Record<string, AttributeValue>;

export interface TableSpec {
  name: string;
  hashKey: { name: string; type: 'S' | 'N' | 'B' };
  rangeKey?: { name: string; type: 'S' | 'N' | 'B' };
  /** Omit for a table without a stream. */
  streamViewType?: StreamViewType;
}

/** Creates an on-demand table (with a stream unless told otherwise) and waits until it is ACTIVE. */
export async function createTable(
  spec: TableSpec,
  client: DynamoDBClient = dynamodb(),
): Promise<{ tableArn: string; streamArn?: string }> {
  const keys = [spec.hashKey, ...(spec.rangeKey ? [spec.rangeKey] : [])];
  const out = await client.send(
    new CreateTableCommand({
      TableName: spec.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
      KeySchema: keys.map((k, i) => ({
        AttributeName: k.name,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      })),
      StreamSpecification: spec.streamViewType
        ? { StreamEnabled: true, StreamViewType: spec.streamViewType }
        : undefined,
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: spec.name });
  return {
    tableArn: out.TableDescription?.TableArn as string,
    streamArn: out.TableDescription?.LatestStreamArn,
  };
}

export async function putItem(table: string, item: Item, client = dynamodb()): Promise<void> {
  await client.send(new PutItemCommand({ TableName: table, Item: item }));
}

/** Sets the given attributes on an item (creating it if absent), as an UpdateItem would. */
export async function updateItem(
  table: string,
  key: Item,
  set: Item,
  client = dynamodb(),
): Promise<void> {
  const names = Object.keys(set);
  await client.send(
    new UpdateItemCommand({
      TableName: table,
      Key: key,
      UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(
        names.map((n, i) => [`:v${i}`, set[n] as AttributeValue]),
      ),
    }),
  );
}

export async function deleteItem(table: string, key: Item, client = dynamodb()): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName: table, Key: key }));
}

/** Every item of the table, strongly consistent, all pages. */
export async function scanAll(table: string, client = dynamodb()): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

/**
 * The demo's table of orders: created with a stream, filled with five sample orders, then changed
 * (an insert, two updates, a delete) once the connector follows its stream.
 */
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { Seen } from './record-format.js';
import { CREDENTIALS, REGION, WAIT_MS } from './settings.js';
import { within } from './wait.js';

// DynamoDB's typed attribute values, written by hand to keep the demo dependency-free.
type Item = Record<string, AttributeValue>;
const S = (s: string): AttributeValue => ({ S: s });
/** Numbers travel as strings, so the connector can keep exactly the digits DynamoDB stores. */
const N = (n: string): AttributeValue => ({ N: n });
const BOOL = (b: boolean): AttributeValue => ({ BOOL: b });
const L = (...values: AttributeValue[]): AttributeValue => ({ L: values });
const M = (fields: Item): AttributeValue => ({ M: fields });
const line = (sku: string, qty: string) => M({ sku: S(sku), qty: N(qty) });
const address = (city: string, zip: string) => M({ city: S(city), zip: S(zip) });
const key = (id: string): Item => ({ order_id: S(id) });

const SEED: Item[] = [
  {
    order_id: S('order-1'),
    customer: S('Ada'),
    total: N('12.5'),
    status: S('paid'),
    gift: BOOL(false),
    items: L(line('tea', '2')),
    address: address('London', 'NW1'),
  },
  {
    order_id: S('order-2'),
    customer: S('Alan'),
    total: N('20'),
    status: S('new'),
    gift: BOOL(true),
    items: L(line('chess-set', '1')),
    address: address('Manchester', 'M13'),
  },
  {
    order_id: S('order-3'),
    customer: S('Grace'),
    total: N('7.25'),
    status: S('new'),
    gift: BOOL(false),
    items: L(line('nanosecond-wire', '3')),
    address: address('Arlington', '22201'),
  },
  {
    order_id: S('order-4'),
    customer: S('Edsger'),
    total: N('99.99'),
    status: S('paid'),
    gift: BOOL(false),
    items: L(line('fountain-pen', '1'), line('ink', '2')),
    address: address('Austin', '78712'),
  },
  {
    order_id: S('order-5'),
    customer: S('Barbara'),
    total: N('42'),
    status: S('shipped'),
    gift: BOOL(true),
    items: L(line('book', '1')),
    address: address('Boston', '02139'),
  },
];

/** The ids of the sample orders written before the connector starts. */
export const SEED_IDS = SEED.map((item) => item.order_id?.S);

/** The records the changes must bring to the topic. */
export const CHANGE_RECORDS: Seen[] = [
  { op: 'c', id: 'order-6' },
  { op: 'u', id: 'order-2' },
  { op: 'u', id: 'order-4' },
  { op: 'd', id: 'order-3' },
  { op: 'tombstone', id: 'order-3' },
];

export class DemoTable {
  /** True once CreateTable succeeded: from then on the table exists in the stack. */
  created = false;
  private readonly dynamodb: DynamoDBClient;

  constructor(
    readonly name: string,
    endpoint: string,
  ) {
    this.dynamodb = new DynamoDBClient({
      region: REGION,
      endpoint,
      // A copy: the SDK annotates the credentials object it is given (with a `$source` field).
      credentials: { ...CREDENTIALS },
    });
  }

  /** Creates the table with a NEW_AND_OLD_IMAGES stream and writes the sample orders. */
  async create(): Promise<number> {
    await within(
      'creating the table',
      this.dynamodb.send(
        new CreateTableCommand({
          TableName: this.name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      ),
    );
    this.created = true;
    await waitUntilTableExists(
      { client: this.dynamodb, maxWaitTime: WAIT_MS / 1000 },
      { TableName: this.name },
    );
    for (const item of SEED) {
      await within(
        'writing a sample order',
        this.dynamodb.send(new PutItemCommand({ TableName: this.name, Item: item })),
      );
    }
    return SEED.length;
  }

  /** The changes the demo makes, in order, each with the line that announces it. */
  changes(): Array<{ text: string; run: () => Promise<unknown> }> {
    const TableName = this.name;
    return [
      {
        text: 'Inserting order-6 (a new order)',
        run: () =>
          this.dynamodb.send(
            new PutItemCommand({
              TableName,
              Item: {
                order_id: S('order-6'),
                customer: S('Katherine'),
                total: N('64.1'),
                status: S('new'),
                gift: BOOL(false),
                items: L(line('slide-rule', '1')),
                address: address('Hampton', '23666'),
              },
            }),
          ),
      },
      {
        text: 'Updating order-2: total 20 → 25.5',
        run: () =>
          this.dynamodb.send(
            new UpdateItemCommand({
              TableName,
              Key: key('order-2'),
              UpdateExpression: 'SET #total = :total',
              ExpressionAttributeNames: { '#total': 'total' },
              ExpressionAttributeValues: { ':total': N('25.5') },
            }),
          ),
      },
      {
        text: 'Updating order-4: status paid → shipped, with a tracking number',
        run: () =>
          this.dynamodb.send(
            new UpdateItemCommand({
              TableName,
              Key: key('order-4'),
              UpdateExpression: 'SET #status = :status, tracking = :tracking',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': S('shipped'), ':tracking': S('1Z-999-42') },
            }),
          ),
      },
      {
        text: 'Deleting order-3 (a delete is followed by a tombstone, so compaction can forget it)',
        run: () => this.dynamodb.send(new DeleteItemCommand({ TableName, Key: key('order-3') })),
      },
    ];
  }
}

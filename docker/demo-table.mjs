// The compose demo's table, run inside the connector's image (its AWS SDK is there):
//   node demo-table.mjs create    the table with a NEW_AND_OLD_IMAGES stream and five orders
//   node demo-table.mjs changes   an insert, two updates and a delete, a few seconds apart
// Plain JavaScript because the image holds the built connector only, no TypeScript runner.
// DYNAMODB_ENDPOINT and AWS_* as for the connector; DEMO_TABLE (orders), DEMO_PAUSE_MS (3000).
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ResourceInUseException,
  UpdateItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

const table = process.env.DEMO_TABLE || 'orders';
const pauseMs = Number(process.env.DEMO_PAUSE_MS || 3000);
const dynamodb = new DynamoDBClient({
  region: process.env.AWS_REGION || 'us-east-1',
  endpoint: process.env.DYNAMODB_ENDPOINT || undefined,
});

const S = (s) => ({ S: s });
// Numbers travel as strings: the connector keeps exactly the digits DynamoDB stores.
const N = (n) => ({ N: n });
const order = (id, customer, total, status) => ({
  order_id: S(id),
  customer: S(customer),
  total: N(total),
  status: S(status),
  items: { L: [{ M: { sku: S(`sku-${id}`), qty: N('1') } }] },
});
const SEED = [
  order('order-1', 'Ada', '12.5', 'paid'),
  order('order-2', 'Alan', '20', 'new'),
  order('order-3', 'Grace', '7.25', 'new'),
  order('order-4', 'Edsger', '99.99', 'paid'),
  order('order-5', 'Barbara', '42', 'shipped'),
];
const key = (id) => ({ order_id: S(id) });
const set = (id, field, value) =>
  new UpdateItemCommand({
    TableName: table,
    Key: key(id),
    UpdateExpression: 'SET #f = :v',
    ExpressionAttributeNames: { '#f': field },
    ExpressionAttributeValues: { ':v': value },
  });
const CHANGES = [
  [
    'insert order-6',
    new PutItemCommand({ TableName: table, Item: order('order-6', 'Katherine', '64.1', 'new') }),
  ],
  ['update order-2: total 25.5', set('order-2', 'total', N('25.5'))],
  ['update order-4: status shipped', set('order-4', 'status', S('shipped'))],
  ['delete order-3', new DeleteItemCommand({ TableName: table, Key: key('order-3') })],
];

/** DynamoDB Local may still be starting when compose starts this: retry refused connections. */
async function send(command, attempts = 60) {
  for (let i = 1; ; i += 1) {
    try {
      return await dynamodb.send(command);
    } catch (err) {
      const refused = err.code === 'ECONNREFUSED' || err.cause?.code === 'ECONNREFUSED';
      if (!refused || i === attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function create() {
  try {
    await send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (err) {
    // A second `compose up` finds the table of the first: keep it and its items.
    if (!(err instanceof ResourceInUseException)) throw err;
    console.log(`demo-table: ${table} exists, kept`);
    return;
  }
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60 }, { TableName: table });
  for (const item of SEED)
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: item }));
  console.log(`demo-table: ${table} created with ${SEED.length} orders`);
}

async function changes() {
  for (const [what, command] of CHANGES) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    await dynamodb.send(command);
    console.log(`demo-table: ${what}`);
  }
}

const commands = { create, changes };
const command = commands[process.argv[2]];
if (!command) {
  console.error('usage: node demo-table.mjs create|changes');
  process.exit(2);
}
await command();

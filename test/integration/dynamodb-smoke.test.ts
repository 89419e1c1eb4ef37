import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamodb } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { readStream } from '../support/streams.js';
import { createTable, deleteItem, putItem, scanAll, updateItem } from '../support/tables.js';

describe('DynamoDB Local (real, with Streams)', () => {
  it('records INSERT, MODIFY and REMOVE with old and new images in its stream', async () => {
    const table = uniqueName('smoke');
    const { streamArn } = await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      rangeKey: { name: 'sk', type: 'N' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(streamArn).toBeTruthy();
    const described = await dynamodb().send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');

    const key = { pk: { S: 'a' }, sk: { N: '1' } };
    await putItem(table, { ...key, n: { N: '1' } });
    await updateItem(table, key, { n: { N: '2' } });
    await deleteItem(table, key);

    const records = await readStream(streamArn as string, { minRecords: 3 });
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records;
    expect(insert?.dynamodb?.NewImage?.n).toEqual({ N: '1' });
    expect(modify?.dynamodb?.OldImage?.n).toEqual({ N: '1' });
    expect(modify?.dynamodb?.NewImage?.n).toEqual({ N: '2' });
    expect(remove?.dynamodb?.OldImage?.n).toEqual({ N: '2' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    const sequence = records.map((r) => BigInt(r.dynamodb?.SequenceNumber as string));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
    expect(await scanAll(table)).toEqual([]);
  });
});

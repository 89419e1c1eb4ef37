import { describe, expect, it } from 'vitest';
import { writeCondition, writeRequest } from './write-condition.js';
import type { WritePlan } from './write-plan.js';

const key = { pk: { S: 'a' } };
const put: WritePlan = {
  kind: 'put',
  key: '{"pk":"a"}',
  wireKey: key,
  item: { ...key, x: { N: '1' } },
  offset: 9007199254740993n,
  op: 'u',
};
const del: WritePlan = { kind: 'delete', key: '{"pk":"a"}', wireKey: key, offset: 7n, op: 'd' };

describe('writeCondition', () => {
  it('writes only over an absent item or an older version, the offset exact as text', () => {
    expect(writeCondition(put, 'ver')).toEqual({
      ConditionExpression: 'attribute_not_exists(#v) OR #v < :offset',
      ExpressionAttributeNames: { '#v': 'ver' },
      ExpressionAttributeValues: { ':offset': { N: '9007199254740993' } },
    });
  });

  it('a put carries the version attribute = its offset; a delete only the key', () => {
    expect(writeRequest(put, 'target', 'ver')).toMatchObject({
      operation: 'PutItem',
      input: {
        TableName: 'target',
        Item: { pk: { S: 'a' }, x: { N: '1' }, ver: { N: '9007199254740993' } },
      },
    });
    const d = writeRequest(del, 'target', 'ver');
    expect(d).toMatchObject({ operation: 'DeleteItem', input: { TableName: 'target', Key: key } });
    expect(d.input).not.toHaveProperty('Item');
    expect(put.item).not.toHaveProperty('ver');
  });
});

import type { DescribeTableCommandOutput, TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { eligibility } from './eligibility.js';

const described = (t: Partial<TableDescription>): DescribeTableCommandOutput => ({
  $metadata: {},
  Table: {
    TableStatus: 'ACTIVE',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    LatestStreamArn: 'arn:s',
    ItemCount: 7,
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    ...t,
  },
});

describe('eligibility', () => {
  it.each<{ name: string; input: DescribeTableCommandOutput | undefined; result: unknown }>([
    {
      name: 'missing table',
      input: undefined,
      result: { eligible: false, reason: 'table not found' },
    },
    {
      name: 'no stream',
      input: described({ StreamSpecification: undefined, LatestStreamArn: undefined }),
      result: { eligible: false, reason: 'no stream enabled' },
    },
    {
      name: 'stream disabled',
      input: described({ StreamSpecification: { StreamEnabled: false } }),
      result: { eligible: false, reason: 'no stream enabled' },
    },
    {
      name: 'KEYS_ONLY',
      input: described({
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
      result: {
        eligible: false,
        reason: 'stream view type KEYS_ONLY (needs NEW_IMAGE or NEW_AND_OLD_IMAGES)',
      },
    },
    {
      name: 'OLD_IMAGE',
      input: described({
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
      }),
      result: {
        eligible: false,
        reason: 'stream view type OLD_IMAGE (needs NEW_IMAGE or NEW_AND_OLD_IMAGES)',
      },
    },
    {
      name: 'on-demand with hash and range key',
      input: described({}),
      result: {
        eligible: true,
        streamArn: 'arn:s',
        keyNames: ['pk', 'sk'],
        itemCount: 7,
        provisionedReadUnits: null,
      },
    },
    {
      name: 'provisioned NEW_IMAGE, hash key only',
      input: described({
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        BillingModeSummary: undefined,
        ProvisionedThroughput: { ReadCapacityUnits: 40, WriteCapacityUnits: 5 },
      }),
      result: {
        eligible: true,
        streamArn: 'arn:s',
        keyNames: ['id'],
        itemCount: 7,
        provisionedReadUnits: 40,
      },
    },
  ])('$name', ({ input, result }) => {
    expect(eligibility(input)).toEqual(result);
  });
});

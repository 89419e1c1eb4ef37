import type { DescribeTableCommandOutput } from '@aws-sdk/client-dynamodb';

export type Eligibility =
  | {
      eligible: true;
      streamArn: string;
      keyNames: string[];
      itemCount: number;
      provisionedReadUnits: number | null;
    }
  | { eligible: false; reason: string };

const USABLE_VIEWS = new Set(['NEW_IMAGE', 'NEW_AND_OLD_IMAGES']);

/**
 * Whether a table can be copied (DESIGN §9): it needs a stream that shows new images, or
 * changes could not be written as records. `undefined` = DescribeTable said the table does not exist.
 */
export function eligibility(described: DescribeTableCommandOutput | undefined): Eligibility {
  const table = described?.Table;
  if (!table) return { eligible: false, reason: 'table not found' };
  if (table.TableStatus === 'DELETING')
    return { eligible: false, reason: 'table is being deleted' };
  const stream = table.StreamSpecification;
  if (!stream?.StreamEnabled || !table.LatestStreamArn)
    return { eligible: false, reason: 'no stream enabled' };
  if (!USABLE_VIEWS.has(stream.StreamViewType ?? '')) {
    return {
      eligible: false,
      reason: `stream view type ${stream.StreamViewType} (needs NEW_IMAGE or NEW_AND_OLD_IMAGES)`,
    };
  }
  const schema = table.KeySchema ?? [];
  const hash = schema.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) return { eligible: false, reason: 'table has no hash key in its key schema' };
  const rcu = table.ProvisionedThroughput?.ReadCapacityUnits;
  return {
    eligible: true,
    streamArn: table.LatestStreamArn,
    keyNames: range ? [hash, range] : [hash],
    itemCount: table.ItemCount ?? 0,
    provisionedReadUnits:
      table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' || !rcu ? null : rcu,
  };
}
